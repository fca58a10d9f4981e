package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The runtime ships to generators: it must score with ONNX Runtime alone, never pull in the training stack. */
class RuntimeDependenciesTest {
    @Test
    void neitherNd4jNorDl4jIsOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.nd4j.linalg.factory.Nd4j"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.deeplearning4j.nn.api.Model"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.nd4j.autodiff.samediff.SameDiff"));
    }
}
