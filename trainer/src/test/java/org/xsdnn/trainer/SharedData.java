package org.xsdnn.trainer;

import java.nio.file.Path;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.data.Selection;

/** The real QES archive of ../shared (system property xsdnn.shared, set by surefire). */
final class SharedData {
    private SharedData() {}

    static Path qes() {
        String shared = System.getProperty("xsdnn.shared");
        return Path.of(shared != null ? shared : "/work/shared").resolve("data/qes");
    }

    static QesDataset carbon() throws Exception {
        return QesArchive.open(qes()).load(Selection.carbonPaper());
    }

    /** A small network and a short schedule: the real code paths at test speed. */
    static TrainerConfig smallConfig(int epochs) {
        return new TrainerConfig(new NetworkConfig(2, 16, 0.0, 1e-3), OptimizerConfig.defaults(), 1e-2, 5,
                TrainerConfig.Schedule.COSINE, epochs, 0, 5, 0, 0, 11, true, 0);
    }
}
