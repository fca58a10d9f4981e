package org.xsdnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xsdnn.core.Kinematics;

class QesArchiveTest {
    /** Points per carbon-paper experiment in our copy (README, carbon table): 2660 in all. */
    private static final Map<String, Integer> CARBON_POINTS = new LinkedHashMap<>();
    /** What the default 30 MeV cut removes from each. */
    private static final Map<String, Integer> CARBON_CUT = new LinkedHashMap<>();

    static {
        carbon("Barreau:1983ht", 795, 81);
        carbon("Whitney:1974hr", 35, 2);
        carbon("O'Connell:1987ag", 54, 3);
        carbon("Sealock:1989nx", 250, 0);
        carbon("Baran:1988tw", 263, 1);
        carbon("Bagdasaryan:1988hp", 134, 5);
        carbon("Arrington:1995hs", 56, 0);
        carbon("Day:1993md", 316, 0);
        carbon("Arrington:1998ps", 398, 0);
        carbon("Fomin:2010ei", 359, 0);
    }

    private static void carbon(String key, int points, int cut) {
        CARBON_POINTS.put(key, points);
        CARBON_CUT.put(key, cut);
    }

    @TempDir
    Path tmp;

    private final QesArchive archive = open();

    private static QesArchive open() {
        try {
            return QesArchive.open(SharedData.qes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void carbonPaperSelectionAccountsForEveryPoint() throws Exception {
        QesDataset d = archive.load(Selection.carbonPaper());
        assertEquals(CARBON_POINTS.keySet(), d.removedByCutPerDataset().keySet());
        assertEquals(CARBON_CUT, d.removedByCutPerDataset());
        assertEquals(0, d.droppedNonPositive());
        Map<String, Integer> kept = new HashMap<>();
        d.points().forEach(p -> kept.merge(p.datasetKey(), 1, Integer::sum));
        for (String key : CARBON_POINTS.keySet()) {
            assertEquals(
                    CARBON_POINTS.get(key),
                    kept.get(key) + d.removedByCutPerDataset().get(key),
                    key);
        }
        int removed = d.removedByCutPerDataset().values().stream()
                .mapToInt(Integer::intValue)
                .sum();
        assertEquals(92, removed);
        assertEquals(2660 - removed, d.size());
        assertTrue(d.points().stream().allMatch(p -> p.omegaGeV() >= Selection.DEFAULT_MIN_OMEGA_GEV));
        assertEquals(10, d.groups().size());
        assertTrue(d.leftOut().isEmpty());
    }

    @Test
    void allCarbonWithNormalizationIsThePaperSelection() throws Exception {
        QesDataset all = archive.load(Selection.allOf("C12"));
        assertEquals(Map.of("Zeller:1973ge", 223), all.leftOut());
        assertEquals(archive.load(Selection.carbonPaper()).points(), all.points());
    }

    @Test
    void pointsCarryTheirGroup() throws Exception {
        QesDataset d = archive.load(Selection.carbonPaper());
        int[] group = d.group();
        for (int i = 0; i < d.size(); i++) {
            assertEquals(
                    d.points().get(i).datasetKey(), d.groups().get(group[i]).datasetKey());
        }
        assertEquals(
                0.10,
                d.groups().stream()
                        .filter(g -> g.datasetKey().equals("Bagdasaryan:1988hp"))
                        .findFirst()
                        .orElseThrow()
                        .uncertainty(),
                1e-15);
    }

    @Test
    void williamsonCalciumIsThreeGroupsByAngle() throws Exception {
        QesDataset d = archive.load(Selection.allOf("Ca40"));
        assertEquals(5, d.groups().size());
        assertEquals(2, d.droppedNonPositive()); // one Williamson, one Meziani point
        Set<Integer> williamson = new HashSet<>();
        int[] group = d.group();
        for (int i = 0; i < d.size(); i++) {
            DataPoint p = d.points().get(i);
            NormalizationGroup g = d.groups().get(group[i]);
            if (p.datasetKey().equals("Williamson:1997")) {
                williamson.add(group[i]);
                assertEquals(g.thetaDeg(), p.thetaDeg(), 0.05);
            } else {
                assertEquals(null, g.thetaDeg());
            }
        }
        assertEquals(3, williamson.size());
    }

    @Test
    void leavesOutAndReportsDatasetsWithoutNormalization() throws Exception {
        QesDataset d = archive.load(Selection.allOf("Fe56"));
        assertEquals(Map.of("Hotta:1994", 203), d.leftOut());
        assertFalse(d.removedByCutPerDataset().containsKey("Hotta:1994"));
        assertEquals(8, d.groups().size()); // 7 datasets, Chen:1990kq split in two angles
    }

    @Test
    void requestingDatasetWithoutNormalizationAsksForDeltaLambda() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> archive.load(new Selection("Fe56", List.of("Hotta:1994"), 0.03)));
        assertTrue(
                e.getMessage().contains("Hotta:1994") && e.getMessage().contains("Δλ must be given"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> archive.load(new Selection("C12", List.of("Dai:2018"), 0.03)));
        assertTrue(e.getMessage().startsWith("dataset Dai:2018 is not in 12C.dat"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> archive.load(Selection.allOf("Au197")));
        assertTrue(e.getMessage().startsWith("no dataset of Au197 has a normalization uncertainty"), e.getMessage());
    }

    @Test
    void reducedTargetsAreSigmaOverScale() throws Exception {
        QesDataset d = archive.load(Selection.allOf("O16"));
        double[] y = d.reducedSigma();
        double[] dy = d.reducedError();
        float[] x = d.features();
        assertEquals(5 * d.size(), x.length);
        for (int i = 0; i < d.size(); i++) {
            DataPoint p = d.points().get(i);
            double scale = Kinematics.scaleNbPerSrGeV(p.energyGeV(), p.thetaDeg()) * 16 / 12.0;
            assertEquals(p.sigma(), y[i] * scale, 1e-9 * p.sigma());
            assertEquals(p.error() / p.sigma(), dy[i] / y[i], 1e-12);
            assertEquals((float) (p.omegaGeV() / 20), x[5 * i + 1]);
        }
    }

    @Test
    void reducedCarbonTargetsFitASigmoid() throws Exception {
        for (double y : archive.load(Selection.carbonPaper()).reducedSigma()) {
            assertTrue(y > 0 && y < 1, "reduced target " + y);
        }
    }

    @Test
    void subsetKeepsGroupsAndBookkeeping() throws Exception {
        QesDataset d = archive.load(Selection.carbonPaper());
        QesDataset s = d.subset(new int[] {5, 0, 2000});
        assertEquals(List.of(d.points().get(5), d.points().get(0), d.points().get(2000)), s.points());
        int[] g = d.group();
        assertArrayEquals(new int[] {g[5], g[0], g[2000]}, s.group());
        assertEquals(d.groups(), s.groups());
        assertEquals(d.removedByCutPerDataset(), s.removedByCutPerDataset());
        assertEquals(d.files(), s.files());
    }

    @Test
    void recordsFileDigests() throws Exception {
        QesDataset d = archive.load(Selection.carbonPaper());
        assertEquals(
                List.of("12C.dat", "normalization.csv"),
                d.files().stream().map(QesDataset.FileDigest::name).toList());
        assertTrue(d.files().stream().allMatch(f -> f.sha256().matches("[0-9a-f]{64}")));
    }

    @Test
    void usesBundledNormalizationWhenDirectoryHasNone() throws Exception {
        Files.copy(SharedData.file("12C.dat"), tmp.resolve("12C.dat"));
        QesDataset d = QesArchive.open(tmp).load(Selection.carbonPaper());
        QesDataset shared = archive.load(Selection.carbonPaper());
        assertEquals(shared.points(), d.points());
        assertEquals("normalization.csv (bundled)", d.files().get(1).name());
        assertEquals(shared.files().get(1).sha256(), d.files().get(1).sha256());
    }

    @Test
    void findsGenieNamedFilesAndRejectsBadTargets() throws Exception {
        assertEquals("eQE_197Au.dat", archive.fileOf("Au197").getFileName().toString());
        assertThrows(IllegalArgumentException.class, () -> archive.fileOf("12C"));
        IOException e = assertThrows(IOException.class, () -> archive.fileOf("Ar40"));
        assertTrue(e.getMessage().contains("no data for target Ar40"), e.getMessage());
        e = assertThrows(IOException.class, () -> QesArchive.open(tmp.resolve("absent")));
        assertTrue(e.getMessage().contains("xsdnn data fetch"), e.getMessage());
    }

    @Test
    void rejectsPointOfAnotherNucleus() throws Exception {
        Files.writeString(tmp.resolve("12C.dat"), " 6 13 0.68 36.0 0.35 1e5 1e3 Barreau:1983ht\n");
        DataFormatException e = assertThrows(
                DataFormatException.class, () -> QesArchive.open(tmp).load(Selection.carbonPaper()));
        assertEquals("12C.dat:1: A = 13; expected 12 for target C12.", e.getMessage());
    }

    @Test
    void defaultDirectoryIsEnvironmentThenUserCache() {
        assertEquals(Path.of("/data/qes"), QesArchive.defaultDirectory("/data/qes", "/home/u"));
        assertEquals(Path.of("/home/u/.cache/xsdnn/qes"), QesArchive.defaultDirectory(null, "/home/u"));
        assertEquals(Path.of("/home/u/.cache/xsdnn/qes"), QesArchive.defaultDirectory(" ", "/home/u"));
    }
}
