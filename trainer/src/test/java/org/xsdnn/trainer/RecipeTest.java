package org.xsdnn.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training recipe's phases and safeguards on the real carbon data with a small network. */
class RecipeTest {
    /** Columns of member-NN-curve.csv. */
    private record Row(int epoch, double heldOut, double untouched, double rate) {
        static Row of(String line) {
            String[] f = line.split(",");
            return new Row(
                    Integer.parseInt(f[0]),
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]));
        }
    }

    private static List<Row> curve(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("member-00-curve.csv")).stream()
                .skip(1)
                .map(Row::of)
                .toList();
    }

    @Test
    void shapePhaseThenChi2WithPlateauHalvingsUntilTheRateIsSpent(@TempDir Path dir) throws Exception {
        TrainingRun run = TrainingRun.open(
                dir, SharedData.carbon(), 0.85, 0.05, 3, SharedData.recipeConfig(20, 4000, 1e-2), "test");
        assertEquals(Math.round(2568 * 0.05), run.manifest().untouched().length);
        MemberRecord record = run.train(0, ProgressListener.SILENT);
        List<Row> rows = curve(dir);
        rows.stream()
                .filter(r -> r.epoch() <= 20)
                .forEach(r -> assertEquals(1e-2, r.rate(), 1e-12, "shape phase rate"));
        double smallest = rows.get(rows.size() - 1).rate();
        assertTrue(
                smallest < 1e-2 * 2 * TrainerConfig.MIN_RATE_FRACTION,
                "the plateau schedule halved the rate down to " + smallest);
        assertTrue(record.epochsDone() < 20 + 4000, "a spent rate ends the member early; ran " + record.epochsDone());
        assertTrue(Double.isFinite(record.untouchedChi2PerPoint()), "untouched χ²/N " + record.untouchedChi2PerPoint());
        Row best = rows.stream()
                .filter(r -> r.epoch() == record.bestEpoch())
                .findFirst()
                .orElseThrow();
        assertEquals(
                best.untouched(),
                record.untouchedChi2PerPoint(),
                1e-5 * best.untouched(),
                "the untouched figure is taken at the state the held-out points picked");
        double atEndOfShape = rows.stream()
                .filter(r -> r.epoch() == 20)
                .findFirst()
                .orElseThrow()
                .heldOut();
        assertTrue(
                record.heldOutChi2PerPoint() < atEndOfShape,
                "χ² phase improved on the shape phase: " + atEndOfShape + " -> " + record.heldOutChi2PerPoint());
    }

    @Test
    void theDivergenceGuardRestoresTheBestStateAndHalvesTheRate(@TempDir Path dir) throws Exception {
        // A rate of 3 for Adam throws every weight far off at the first χ² step.
        TrainingRun run =
                TrainingRun.open(dir, SharedData.carbon(), 0.85, 0.05, 3, SharedData.recipeConfig(20, 60, 3), "test");
        MemberRecord record = run.train(0, ProgressListener.SILENT);
        assertTrue(record.restarts() >= 1, "the guard fired " + record.restarts() + " times");
        List<Row> rows = curve(dir);
        double shapeBest = rows.stream()
                .filter(r -> r.epoch() <= 20)
                .mapToDouble(Row::heldOut)
                .min()
                .orElseThrow();
        assertTrue(
                record.heldOutChi2PerPoint() <= shapeBest,
                "the result is never worse than the best state before the jump");
        assertTrue(
                rows.get(rows.size() - 1).rate() <= 1.5,
                "rate halved after a restart: " + rows.get(rows.size() - 1).rate());
    }

    @Test
    void theResultIsAChi2PhaseStateEvenWhenTheShapePhaseScoredBetter(@TempDir Path dir) throws Exception {
        // A χ² rate too small to move anything: the χ² phase cannot beat the shape phase's best held-out χ²/N.
        TrainingRun run = TrainingRun.open(
                dir, SharedData.carbon(), 0.85, 0.05, 3, SharedData.recipeConfig(40, 30, 1e-9), "test");
        MemberRecord record = run.train(0, ProgressListener.SILENT);
        assertTrue(record.bestEpoch() > 40, "best state from epoch " + record.bestEpoch() + ", inside the shape phase");
    }

    @Test
    void aNormalizationOutsideThreeSigmaOfItsPriorFailsTheMember() {
        Map<String, Double> uncertainty = Map.of("a", 0.02, "b", 0.10);
        assertNull(MemberRecord.failure(Map.of("a", 1.05, "b", 0.75), uncertainty, 3.0));
        String failure = MemberRecord.failure(Map.of("a", 1.07, "b", 0.75), uncertainty, 3.0);
        assertTrue(failure != null && failure.contains("a λ = 1.0700 (pull -3.5)"), failure);
        assertTrue(MemberRecord.failure(Map.of("a", 1.0), Map.of("a", 0.02), Double.NaN)
                .contains("NaN"));
    }
}
