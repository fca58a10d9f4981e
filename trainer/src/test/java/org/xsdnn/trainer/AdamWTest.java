package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The fused AdamW update against the scalar formula, step by step, with decay on part of the vector. */
class AdamWTest {
    @Test
    void matchesTheScalarFormulaOverSeveralSteps() {
        OptimizerConfig config = new OptimizerConfig(0.9, 0.999, 1e-7, 0.004, 0.5);
        double[] start = {0.5, -1.0, 2.0, 0.1};
        INDArray params = Nd4j.createFromArray(start);
        INDArray decayedView = params.get(NDArrayIndex.interval(0, 2));
        AdamW adam = new AdamW(config, 4, List.of(decayedView), DataType.DOUBLE, 3, 1); // the last value plays λ
        double[] p = start.clone();
        double[] m = new double[4];
        double[] v = new double[4];
        double lr = 0.01;
        for (int t = 1; t <= 5; t++) {
            double[] g = {0.3 * t, -0.2, 1e-3, 4.0 / t};
            adam.update(params, Nd4j.createFromArray(g.clone()), lr);
            for (int i = 0; i < 4; i++) {
                if (i < 2) {
                    p[i] *= 1 - lr * config.weightDecay();
                }
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double lrT = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                p[i] -= (i == 3 ? 0.5 : 1.0) * lrT * m[i] / (Math.sqrt(v[i]) + 1e-7);
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(p[i], params.getDouble(i), 1e-12, "step " + t + ", parameter " + i);
            }
        }
        assertEquals(5, adam.step());
    }
}
