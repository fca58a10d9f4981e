package org.xsdnn.report;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Export and fine-tuning reuse this library: it must stand on core, data and runtime, never on the training stack. */
class ReportDependenciesTest {
    @Test
    void neitherTheTrainerNorNd4jIsOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.xsdnn.trainer.TrainingRun"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.nd4j.linalg.factory.Nd4j"));
    }
}
