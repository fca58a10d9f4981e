package org.xsdnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xsdnn.cli.CliRun.xsdnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.Sha256Sums;

/**
 * {@code xsdnn finetune} end to end on the real archive: a tiny carbon model (3 × 16) is trained and exported, then
 * fine-tuned to ¹⁶O from the exported files, exported again (every member verified against the training framework),
 * profiled for NuWro and reported; the layer scan runs from the training run; a dataset without Δλ is refused by name.
 */
class FinetuneCommandTest {
    private static final Path DATA =
            Path.of(System.getProperty("xsdnn.shared", "/work/shared")).resolve("data/qes");

    @TempDir
    static Path work;

    private static Path carbonRun;
    private static Path carbonModel;

    @BeforeAll
    static void trainCarbonParent() {
        carbonRun = work.resolve("carbon-run");
        carbonModel = work.resolve("carbon-model");
        CliRun.Result trained = xsdnn(
                "train",
                "--data",
                DATA.toString(),
                "--out",
                carbonRun.toString(),
                "--members",
                "0-1",
                "--layers",
                "3",
                "--width",
                "16",
                "--epochs",
                "30",
                "--shape-epochs",
                "30",
                "--lr",
                "1e-2",
                "--warmup",
                "5");
        assertEquals(0, trained.code(), trained::toString);
        CliRun.Result exported = xsdnn(
                "export", "--data", DATA.toString(), "--run", carbonRun.toString(), "--out", carbonModel.toString());
        assertEquals(0, exported.code(), exported::toString);
    }

    private static String[] finetune(Path from, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "finetune",
                "--data",
                DATA.toString(),
                "--target",
                "O16",
                "--from",
                from.toString(),
                "--out",
                out.toString(),
                "--epochs",
                "30",
                "--lr",
                "5e-3"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void fineTunedModelExportsVerifiedWithItsParentInTheCard() throws IOException {
        Path run = work.resolve("o16-run");
        Path model = work.resolve("o16-model");
        CliRun.Result tuned = xsdnn(finetune(carbonModel, run, "--members", "0-1", "--trainable-layers", "2"));
        assertEquals(0, tuned.code(), tuned::toString);
        assertTrue(tuned.err().contains("L = 2 trainable layers"), tuned::toString);

        CliRun.Result exported =
                xsdnn("export", "--data", DATA.toString(), "--run", run.toString(), "--out", model.toString());
        assertEquals(0, exported.code(), exported::toString);
        assertTrue(exported.err().contains("2 members verified"), exported::toString);
        JsonNode card =
                new ObjectMapper().readTree(model.resolve("model-card.json").toFile());
        assertEquals("O16", card.path("target").path("name").asText());
        assertEquals(16, card.path("target").path("mass-number").asInt());
        assertEquals(2, card.path("training").path("trainable-layers").asInt());
        for (int m = 0; m < 2; m++) {
            assertEquals(
                    Sha256Sums.hexOf(carbonModel.resolve(String.format("member-%02d.onnx", m))),
                    card.path("members")
                            .path(m)
                            .path("training")
                            .path("parent-sha256")
                            .asText(),
                    "member " + m + "'s entry names its exact parent member");
        }

        CliRun.Result again = xsdnn(finetune(carbonModel, run, "--members", "0-1", "--trainable-layers", "2"));
        assertEquals(0, again.code(), again::toString);
        assertTrue(again.err().contains("member 01 already finished"), again::toString);

        CliRun.Result otherL = xsdnn(finetune(carbonModel, run, "--members", "0-1", "--trainable-layers", "3"));
        assertNotEquals(0, otherL.code(), "another L into the same run must be refused: " + otherL);

        Path nuwro = work.resolve("o16-nuwro");
        CliRun.Result profiled = xsdnn(
                "profile",
                "--model",
                model.toString(),
                "--nuwro",
                nuwro.toString(),
                "--fused",
                work.resolve("o16-fused.onnx").toString());
        assertEquals(0, profiled.code(), profiled::toString);
        assertTrue(
                Files.isRegularFile(nuwro.resolve("model_electron_A_16_0.onnx")), "NuWro names carry the target's A");

        Path report = work.resolve("o16-report");
        CliRun.Result reported =
                xsdnn("report", "--data", DATA.toString(), "--model", model.toString(), "--out", report.toString());
        assertEquals(0, reported.code(), reported::toString);
        assertTrue(Files.isRegularFile(report.resolve("index.html")), reported::toString);
    }

    @Test
    void layerScanWritesOneRowPerLBesideTheBaseline() throws IOException {
        Path scan = work.resolve("o16-scan");
        CliRun.Result r = xsdnn(finetune(carbonRun, scan, "--members", "0-0", "--scan-layers", "1..3"));
        assertEquals(0, r.code(), r::toString);
        List<String> rows = Files.readAllLines(scan.resolve(LayerScanRun.CSV));
        assertEquals(4, rows.size(), () -> String.join("\n", rows));
        for (int l = 1; l <= 3; l++) {
            String[] cells = rows.get(l).split(",");
            assertEquals(Integer.toString(l), cells[0]);
            double tuned = Double.parseDouble(cells[2]);
            double baseline = Double.parseDouble(cells[5]);
            assertTrue(
                    tuned > 0 && tuned <= baseline,
                    "L = " + l + ": the best state is never worse than the start: " + rows.get(l));
            assertTrue(Files.isRegularFile(scan.resolve(String.format("L%02d/member-00.json", l))));
        }
        assertTrue(Files.size(scan.resolve(LayerScanRun.PNG)) > 1000);
    }

    @Test
    void datasetWithoutNormalizationUncertaintyIsRefusedByName() throws IOException {
        // A user's own archive directory: the oxygen file, and a normalization table that gives only one experiment's
        // Δλ.
        Path own = work.resolve("own-data");
        Files.createDirectories(own);
        Files.copy(DATA.resolve("16O.dat"), own.resolve("16O.dat"));
        Files.writeString(
                own.resolve("normalization.csv"),
                "target,dataset_key,theta_deg,norm_uncertainty_percent,note\nO16,Anghinolfi:1996vm,,4.5,\n");
        CliRun.Result r = xsdnn(
                "finetune",
                "--data",
                own.toString(),
                "--target",
                "O16",
                "--datasets",
                "Anghinolfi:1996vm,O'Connell:1987ag",
                "--from",
                carbonModel.toString(),
                "--out",
                work.resolve("never").toString());
        assertNotEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("O'Connell:1987ag") && r.err().contains("normalization"), r::toString);
        assertTrue(Files.notExists(work.resolve("never")), "nothing is written before the data is accepted");
    }
}
