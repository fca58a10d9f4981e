package org.xsdnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.Sha256Sums;
import org.xsdnn.data.QesArchive;
import org.xsdnn.runtime.ScoringOptions;

/** Training, held-out and test points as the card records them, and what happens when it cannot tell. */
class TrainingSplitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static QualityReport report(Path model, Double minOmegaGeV) throws Exception {
        try (FrozenModel frozen = FrozenModel.open(model, ScoringOptions.defaults())) {
            ReportSelection selection =
                    ReportSelection.choose(frozen.card(), frozen.massNumber(), null, null, minOmegaGeV);
            return ModelReport.build(frozen, null, QesArchive.open(ReferenceFiguresTest.DATA), selection, Progress.NONE)
                    .summary();
        }
    }

    @Test
    void shippedModelHeldOutPointsAreDrawnAgainFromTheSplitSeed() throws Exception {
        QualityReport r = report(ReferenceFiguresTest.CARBON_A, null);
        assertEquals(2311, r.splits().get("training").points());
        assertEquals(257, r.splits().get("held-out").points());
        // Export measured the ensemble mean on its held-out points with λ = 1 (SameDiff, double precision);
        // the same points scored here by ONNX Runtime (float32) must give the same figure.
        double exported = r.model().card().metrics().get("heldout-chi2-per-point-ensemble-mean-lambda1");
        assertEquals(exported, r.splits().get("held-out").chi2PerPointLambda1(), 1e-4 * exported);
        assertEquals(List.of(), r.notes());
    }

    /**
     * Held-out points split into those inside their spectrum's training ω range and those beyond it; the shipped
     * ¹⁶O fine-tune measures its held-out points mostly by interpolation, and every experiment row carries the
     * data's own scatter.
     */
    @Test
    void heldOutPointsArePartedIntoInterpolatedAndExtrapolated() throws Exception {
        QualityReport r = report(ReferenceFiguresTest.CARBON_A.resolveSibling("o16-a"), null);
        int heldOut = r.splits().get("held-out").points();
        int inside = r.splits().get(ModelReport.HELD_OUT_INTERPOLATED).points();
        int beyond = r.splits().containsKey(ModelReport.HELD_OUT_EXTRAPOLATED)
                ? r.splits().get(ModelReport.HELD_OUT_EXTRAPOLATED).points()
                : 0;
        assertEquals(heldOut, inside + beyond);
        assertTrue(inside > beyond, inside + " interpolated, " + beyond + " extrapolated");
        for (QualityReport.ExperimentRow e : r.experiments()) {
            assertTrue(e.dataScatterChi2PerPoint() > 0.1 && e.dataScatterChi2PerPoint() < 10, e.toString());
        }
    }

    @Test
    void pointsOutsideTheTrainingCutAreMarkedSo() throws Exception {
        QualityReport r = report(ReferenceFiguresTest.CARBON_A, 0.0);
        assertEquals(92, r.splits().get("not-in-training-data").points(), "the points below the card's 30 MeV cut");
        assertEquals(
                2568,
                r.splits().get("training").points() + r.splits().get("held-out").points());
    }

    @Test
    void indexListsInTheCardWin() throws Exception {
        Path model = carbonAWithCard(card -> {
            card.putArray("held-out").add(0).add(1).add(2);
            ((ObjectNode) card.get("training")).putArray("test").add(3).add(4);
        });
        QualityReport r = report(model, null);
        assertEquals(3, r.splits().get("held-out").points());
        assertEquals(2, r.splits().get("test").points());
        assertEquals(2563, r.splits().get("training").points());
    }

    @Test
    void anUntouchedThirdSplitIsDrawnAgainToo() throws Exception {
        // 5 % of 2568 points set aside: 128 untouched, 129 held out, the same 2311 training points as without.
        Path model = carbonAWithCard(card -> ((ObjectNode) card.get("training"))
                .put("untouched-fraction", 0.05)
                .put("points-held-out", 129));
        QualityReport r = report(model, null);
        assertEquals(2311, r.splits().get("training").points());
        assertEquals(129, r.splits().get("held-out").points());
        assertEquals(128, r.splits().get("test").points());
        assertEquals(List.of(), r.notes());
    }

    @Test
    void heldOutListedButUntouchedNotIsNotGuessed() throws Exception {
        Path model = carbonAWithCard(card -> {
            card.putArray("held-out").add(0);
            ((ObjectNode) card.get("training")).put("untouched-fraction", 0.05);
        });
        QualityReport r = report(model, null);
        assertEquals(Map.of(), r.splits());
        assertTrue(
                r.notes().get(0).contains("not its untouched ones"), r.notes().toString());
    }

    @Test
    void otherArchiveFilesLeaveTheSplitUnmarked() throws Exception {
        Path model = carbonAWithCard(
                card -> ((ObjectNode) card.get("data").get("files").get(0)).put("sha256", "0".repeat(64)));
        QualityReport r = report(model, null);
        assertEquals(Map.of(), r.splits());
        assertTrue(r.notes().get(0).contains("12C.dat differs"), r.notes().toString());
    }

    /** The shipped members with an edited card and fresh checksums. */
    private Path carbonAWithCard(Consumer<ObjectNode> edit) throws Exception {
        Path dir = Files.createDirectories(work.resolve("model"));
        ObjectNode card = (ObjectNode) JSON.readTree(
                ReferenceFiguresTest.CARBON_A.resolve(ModelCard.FILE_NAME).toFile());
        edit.accept(card);
        Files.writeString(dir.resolve(ModelCard.FILE_NAME), card.toString(), StandardCharsets.UTF_8);
        Map<String, String> sums = new LinkedHashMap<>();
        for (String name : new String[] {"member-00.onnx", "member-01.onnx", ModelCard.FILE_NAME}) {
            if (!name.equals(ModelCard.FILE_NAME)) {
                Files.copy(ReferenceFiguresTest.CARBON_A.resolve(name), dir.resolve(name));
            }
            sums.put(name, Sha256Sums.hexOf(dir.resolve(name)));
        }
        Files.writeString(dir.resolve(Sha256Sums.FILE_NAME), Sha256Sums.format(sums), StandardCharsets.UTF_8);
        return dir;
    }
}
