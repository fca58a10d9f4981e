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

    /** Every dataset of {@code target} with a normalization uncertainty, default cut. */
    static QesDataset target(String target) throws Exception {
        return QesArchive.open(qes()).load(Selection.allOf(target));
    }

    /**
     * The default recipe's phases and rules on a small network: a mini-batch shape phase of
     * {@code shapeEpochs}, then full-batch χ² at {@code learningRate} with the plateau schedule
     * (halving after every evaluation without progress) and the divergence guard.
     */
    static TrainerConfig recipeConfig(int shapeEpochs, int epochs, double learningRate) {
        return small().shape(new TrainerConfig.ShapePhase(shapeEpochs, 256, 1e-2))
                .learningRate(learningRate)
                .warmupEpochs(0)
                .epochs(epochs)
                .plateauEvals(1)
                .divergenceFactor(4)
                .build();
    }

    /** A small network and a short schedule: the real code paths at test speed. */
    static TrainerConfig smallConfig(int epochs) {
        return small().shape(TrainerConfig.ShapePhase.NONE)
                .learningRate(1e-2)
                .warmupEpochs(5)
                .schedule(TrainerConfig.Schedule.COSINE)
                .epochs(epochs)
                .plateauEvals(0)
                .divergenceFactor(0)
                .build();
    }

    /** A 2 × 16 network, evaluated every 5 epochs, seed 11, checkpoints at every evaluation. */
    static TrainerConfig.Builder small() {
        return TrainerConfig.builder()
                .network(new NetworkConfig(2, 16, 0.0, 1e-3))
                .evalEvery(5)
                .seed(11)
                .checkpointSeconds(0);
    }
}
