package org.xsdnn.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.core.Sha256Sums;
import org.xsdnn.runtime.Ensemble;
import org.xsdnn.runtime.ScoringOptions;

/**
 * The one export call, on the shared carbon data: members verified once each, profiles inside the sealed directory,
 * golden vectors and quality figures in it, one swap; a failure anywhere leaves the previous directory.
 */
class ModelExportTest {
    private static final Path DATA = CarbonPoints.shared().resolve("data/qes");

    @TempDir
    Path tmp;

    @Test
    void ensembleWithProfilesIsVerifiedOncePerFileAndSealedAsOneDirectory() throws Exception {
        Path dir = tmp.resolve("carbon-a");
        TrainedMembers trained = members(3, 0.0);
        ModelExport.Result result = ModelExport.export(
                request(dir, trained, 0, List.of(FusedEnsemble.profile(), NuwroProfile.profile("A"))));

        assertEquals(
                List.of("member-00.onnx", "member-01.onnx", "member-02.onnx"),
                result.members().stream().map(VerificationReport::file).toList(),
                "each member verified once");
        result.members().forEach(r -> assertEquals(trained.points(), r.points(), r::toString));
        assertEquals(
                List.of(
                        "fused.onnx",
                        "model_electron_A_12_0.onnx",
                        "model_electron_A_12_1.onnx",
                        "model_electron_A_12_2.onnx"),
                result.profiles().stream().map(FileVerification::file).toList());

        Map<String, String> sums = Sha256Sums.parse(Files.readString(dir.resolve(Sha256Sums.FILE_NAME)));
        for (String f :
                List.of("fused.onnx", "model_electron_A_12_2.onnx", GoldenVectors.FILE_NAME, ModelCard.FILE_NAME)) {
            assertTrue(sums.containsKey(f), () -> f + " not sealed: " + sums.keySet());
        }
        assertEquals(result.card(), ModelCard.read(dir.resolve(ModelCard.FILE_NAME)));
        assertTrue(result.card().quality().containsKey("overall"), () -> "no quality figures: " + result.card());
        assertTrue(result.card().metrics().containsKey("chi2-per-point"), result.card()::toString);
        try (Ensemble ensemble = Ensemble.open(dir, ScoringOptions.defaults())) {
            assertEquals(3, ensemble.members());
            assertTrue(GoldenVectors.check(ensemble, dir.resolve(GoldenVectors.FILE_NAME))
                            .getAsDouble()
                    <= GoldenVectors.TOLERANCE);
        }
        assertEquals(List.of(dir), siblings(), "nothing staged is left beside the directory");
    }

    @Test
    void aFailingProfileLeavesThePreviousDirectoryAsItWas() throws Exception {
        Path dir = tmp.resolve("carbon-a");
        ModelExport.export(request(dir, members(2, 0.0), 0, List.of()));
        byte[] sums = Files.readAllBytes(dir.resolve(Sha256Sums.FILE_NAME));

        GeneratorProfile failing = (staged, networks, massNumber, card) -> {
            Files.writeString(staged.resolve("half.onnx"), "written before the check failed");
            throw new ExportVerificationException("half.onnx: differs");
        };
        assertThrows(
                ExportVerificationException.class,
                () -> ModelExport.export(request(dir, members(3, 0.0), 0, List.of(failing))));

        assertArrayEquals(sums, Files.readAllBytes(dir.resolve(Sha256Sums.FILE_NAME)));
        assertFalse(Files.exists(dir.resolve("member-02.onnx")));
        assertEquals(List.of(dir), siblings());
    }

    @Test
    void modelBIsOneVerifiedDropoutFileAndNoMembers() throws Exception {
        Path dir = tmp.resolve("carbon-b");
        ModelExport.Result result = ModelExport.export(request(dir, members(1, 0.05), 3, List.of()));

        assertEquals(List.of(), result.members());
        assertEquals(
                List.of(Ensemble.MC_DROPOUT_FILE),
                result.profiles().stream().map(FileVerification::file).toList());
        assertEquals(List.of(), result.card().members());
        assertEquals(3, result.card().training().get("mc-dropout-passes"));
        assertTrue(Sha256Sums.parse(Files.readString(dir.resolve(Sha256Sums.FILE_NAME)))
                .containsKey(Ensemble.MC_DROPOUT_FILE));

        IllegalArgumentException twoMembers = assertThrows(
                IllegalArgumentException.class,
                () -> ModelExport.export(request(tmp.resolve("not-b"), members(2, 0.05), 3, List.of())));
        assertTrue(twoMembers.getMessage().contains("exactly one member"), twoMembers.getMessage());
        assertFalse(Files.exists(tmp.resolve("not-b")));
    }

    @Test
    void aDirectoryHoldingTheRunIsNotReplaced() throws Exception {
        Path dir = tmp.resolve("model");
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        ModelExport.Request request =
                new ModelExport.Request(dir, run, members(1, 0.0), DATA, WeightStorage.FLOAT32, List.of(), 0);
        FileAlreadyExistsException e =
                assertThrows(FileAlreadyExistsException.class, () -> ModelExport.export(request));
        assertTrue(e.getReason().contains("contains the run"), e.getMessage());
        assertTrue(Files.isDirectory(run));
    }

    /** Members verified on every 10th point of the carbon archive, r from their double-precision forward pass. */
    private static TrainedMembers members(int count, double dropout) {
        VerificationPoints points = CarbonPoints.every(10);
        float[] x = points.features();
        List<NetworkWeights> nets = Stream.iterate(0, m -> m + 1)
                .limit(count)
                .map(m -> {
                    NetworkWeights n = RandomNetworks.network(40 + m, 16, 16, 16);
                    return new NetworkWeights(n.hidden(), n.output(), dropout);
                })
                .toList();
        List<double[]> expected =
                nets.stream().map(n -> n.forward(x, points.size())).toList();
        return new TrainedMembers(TestCards.card(count), nets, x, points.size(), expected, 7);
    }

    private static ModelExport.Request request(
            Path dir, TrainedMembers members, int passes, List<GeneratorProfile> profiles) {
        return new ModelExport.Request(dir, null, members, DATA, WeightStorage.INT16, profiles, passes);
    }

    private List<Path> siblings() throws Exception {
        try (Stream<Path> list = Files.list(tmp)) {
            return list.sorted().toList();
        }
    }
}
