package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.xsdnn.core.NetworkWeights;

/** The three inference paths agree: fused engine, SameDiff's graph, and the plain double-precision forward pass. */
class InferenceTest {
    @Test
    void fusedSameDiffAndPlainForwardAgreeOnRealKinematics() throws Exception {
        TrainingData data = TrainingRun.trainingDataOf(SharedData.carbon());
        ParameterLayout layout = new ParameterLayout(new NetworkConfig(3, 32, 0.0, 1e-3), data.groups());
        INDArray params =
                GradientEnginesTest.perturbedParameters(layout, 17).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        FusedEngine engine = new FusedEngine(layout);
        INDArray x = MemberTrainer.matrix(data.features());
        BatchNormStatistics stats = engine.statistics(params, x);
        double[] fused = engine.predict(params, stats, x);
        NetworkWeights weights = layout.weights(params, stats);
        double[] sameDiff = SameDiffInference.predict(weights, data.features());
        double[] plain = weights.forward(data.features(), data.size());
        for (int i = 0; i < data.size(); i++) {
            assertEquals(plain[i], sameDiff[i], 1e-5 * plain[i], "SameDiff, point " + i);
            assertEquals(plain[i], fused[i], 1e-5 * plain[i], "fused, point " + i);
        }
        // inference statistics are the population mean and variance over the training set
        INDArray z = x.mmul(layout.views(params).kernel().get(0))
                .addiRowVector(layout.views(params).bias().get(0));
        assertEquals(
                z.mean(0).getDouble(3),
                stats.mean()[0][3],
                1e-5 * Math.abs(z.mean(0).getDouble(3)) + 1e-7);
        assertEquals(
                z.var(false, 0).getDouble(3),
                stats.variance()[0][3],
                1e-4 * z.var(false, 0).getDouble(3));
        Nd4j.getMemoryManager().invokeGc();
    }
}
