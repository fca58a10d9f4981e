package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.FusedModel;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringOptions;

/** Profiles and golden-vector checks of the shipped carbon-a, as xsdnn profile and xsdnn info make them. */
class DirectoryProfilesTest {
    private static final Path ROOT = Path.of(System.getProperty("xsdnn.root", ".."));
    private static final Path CARBON_A = ROOT.resolve("onnx-models/carbon-a");
    private static final Path NUWRO = ROOT.resolve("onnx-models/carbon-a-nuwro");

    @TempDir
    Path tmp;

    @Test
    void theFusedFileAndNuwroSetGiveTheMemberFilesSigma() throws Exception {
        DirectoryProfiles profiles = DirectoryProfiles.read(CARBON_A);
        Path fused = tmp.resolve("out/fused.onnx");
        FusedVerificationReport report = profiles.writeFused(fused);
        assertEquals(VerificationPoints.carbonGrid().energyGeV().length, report.points());
        // Within tolerance, or writeFused would have thrown: 1e-5 relative in σ plus 1e-5 of the logit.
        assertTrue(report.maxRelativeMeanDifference() < 1e-4, report::toString);
        List<Path> nuwro = profiles.writeNuwro("A", tmp.resolve("nuwro"));
        assertEquals(profiles.members(), nuwro.size());
        double[] e = {0.68, 1.3};
        double[] t = {36, 37.5};
        double[] w = {0.1, 0.4};
        try (Ensemble members = Ensemble.open(CARBON_A, ScoringOptions.defaults());
                FusedModel file = FusedModel.open(fused, ScoringOptions.defaults());
                Ensemble set = Ensemble.open(tmp.resolve("nuwro"), ScoringOptions.defaults())) {
            Prediction expected = members.score(e, t, w);
            Prediction got = file.score(e, t, w);
            Prediction fromSet = set.score(e, t, w);
            for (int i = 0; i < e.length; i++) {
                assertEquals(expected.mean()[i], got.mean()[i], 1e-5 * expected.mean()[i]);
                assertEquals(expected.mean()[i], fromSet.mean()[i], 1e-6 * expected.mean()[i]);
            }
        }
        try (var left = Files.list(fused.getParent())) {
            assertEquals(List.of(fused), left.toList(), "no staged file left beside the fused file");
        }
    }

    @Test
    void aNuwroSetHasNoCardToMakeProfilesFrom() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectoryProfiles.read(NUWRO));
        assertTrue(e.getMessage().startsWith(NUWRO + ": NuWro layout"), e::getMessage);
    }

    @Test
    void insideTheModelDirectoryIsSeenThroughDotDot() throws Exception {
        assertTrue(DirectoryProfiles.isInside(CARBON_A, CARBON_A.resolve("fused-copy.onnx")));
        assertTrue(DirectoryProfiles.isInside(CARBON_A, CARBON_A.resolve("../" + CARBON_A.getFileName() + "/new/dir")));
        assertFalse(DirectoryProfiles.isInside(CARBON_A, tmp.resolve("fused.onnx")));
        assertFalse(DirectoryProfiles.isInside(CARBON_A, CARBON_A.resolveSibling("carbon-a-fused.onnx")));
    }

    @Test
    void goldenVectorsAreReproducedAndAChangedOneIsRefused() throws Exception {
        try (Ensemble carbon = Ensemble.open(CARBON_A, ScoringOptions.defaults())) {
            OptionalDouble worst = GoldenVectors.verify(carbon, CARBON_A);
            assertTrue(worst.isPresent() && worst.getAsDouble() <= GoldenVectors.TOLERANCE, worst::toString);
            assertTrue(GoldenVectors.verify(carbon, tmp).isEmpty(), "no golden.csv: nothing checked");

            List<String> lines = Files.readAllLines(CARBON_A.resolve(GoldenVectors.FILE_NAME));
            String[] row = lines.get(1).split(",");
            row[3] = Double.toString(Double.parseDouble(row[3]) * 1.001);
            lines.set(1, String.join(",", row));
            Files.write(tmp.resolve(GoldenVectors.FILE_NAME), lines);
            ContractException changed = assertThrows(ContractException.class, () -> GoldenVectors.verify(carbon, tmp));
            assertTrue(changed.getMessage().contains("away from its golden vectors"), changed::getMessage);
        }
    }
}
