package org.xsdnn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Threads, closing, invalid input and options, on the NuWro reference ensemble. */
class EnsembleLifecycleTest {
    private static final double[] E = {0.68, 0.5, 1.5, 2.02, 3.595, 5.766, 0.24, 0.961};
    private static final double[] THETA = {36, 60, 13.54, 15.022, 16.02, 18, 145, 37.5};
    private static final double[] OMEGA = {0.1, 0.12, 0.2, 0.45, 0.9, 1.2, 0.1, 0.3};

    @Test
    void eightThreadsGetIdenticalResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Ensemble ensemble = Ensemble.open(TestDirectories.nuwro(), ScoringOptions.defaults())) {
            Prediction reference = ensemble.score(E, THETA, OMEGA);
            List<Future<Prediction>> futures = new ArrayList<>();
            for (int t = 0; t < 8 * 25; t++) {
                futures.add(pool.submit(() -> ensemble.score(E, THETA, OMEGA)));
            }
            for (Future<Prediction> f : futures) {
                Prediction p = f.get();
                assertArrayEquals(reference.mean(), p.mean());
                assertArrayEquals(reference.std(), p.std());
                for (int m = 0; m < ensemble.members(); m++) {
                    assertArrayEquals(reference.perMember()[m], p.perMember()[m]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedEnsembleThrowsIllegalState() throws Exception {
        Ensemble ensemble = Ensemble.open(TestDirectories.nuwro(), ScoringOptions.defaults());
        ensemble.close();
        ensemble.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ensemble.score(E, THETA, OMEGA));
        assertEquals("Trying to score a closed Ensemble.", e.getMessage());
        assertThrows(IllegalStateException.class, () -> ensemble.memberR(0, new float[5], 1));
    }

    @Test
    void closeWaitsForCallsInProgressThenRefusesNewOnes() throws Exception {
        Ensemble ensemble = Ensemble.open(TestDirectories.nuwro(), ScoringOptions.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> scorers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                scorers.add(pool.submit(() -> {
                    int calls = 0;
                    try {
                        while (true) {
                            ensemble.score(E, THETA, OMEGA);
                            calls++;
                        }
                    } catch (IllegalStateException closed) {
                        return calls;
                    }
                }));
            }
            Thread.sleep(200);
            ensemble.close();
            for (Future<Integer> f : scorers) {
                assertTrue(f.get() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidKinematicsNameIndexAndValue() throws Exception {
        try (Ensemble ensemble = Ensemble.open(TestDirectories.nuwro(), ScoringOptions.defaults())) {
            double[] omega = OMEGA.clone();
            omega[3] = 2.5;
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ensemble.score(E, THETA, omega));
            assertEquals("point 3: omega = 2.5 GeV; expected 0 <= omega < E = 2.02 GeV", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ensemble.score(E, THETA, new double[2]));
            assertThrows(IllegalArgumentException.class, () -> ensemble.memberR(0, new float[7], 1));
            assertThrows(IndexOutOfBoundsException.class, () -> ensemble.memberR(2, new float[5], 1));
        }
    }

    @Test
    void emptyBatchGivesEmptyPrediction() throws Exception {
        try (Ensemble ensemble = Ensemble.open(TestDirectories.nuwro(), ScoringOptions.defaults())) {
            Prediction p = ensemble.score(new double[0], new double[0], new double[0]);
            assertEquals(0, p.mean().length);
            assertEquals(2, p.perMember().length);
        }
    }

    @Test
    void cudaWithoutProviderFallsBackToCpuWithWarning() throws Exception {
        try (Ensemble cpu = Ensemble.open(TestDirectories.nuwro(), ScoringOptions.defaults());
                Ensemble cuda =
                        Ensemble.open(TestDirectories.nuwro(), new ScoringOptions(1, ScoringOptions.Device.CUDA))) {
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                assertEquals(1, cuda.warnings().size());
                assertTrue(
                        cuda.warnings().get(0).startsWith("CUDA requested"),
                        cuda.warnings().get(0));
                assertArrayEquals(
                        cpu.score(E, THETA, OMEGA).mean(),
                        cuda.score(E, THETA, OMEGA).mean());
            }
        }
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ScoringOptions(0, ScoringOptions.Device.CPU));
        assertThrows(NullPointerException.class, () -> new ScoringOptions(1, null));
    }
}
