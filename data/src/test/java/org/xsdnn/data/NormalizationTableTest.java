package org.xsdnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalizationTableTest {
    @TempDir
    Path tmp;

    @Test
    void readsSharedTable() throws Exception {
        NormalizationTable t = NormalizationTable.load(SharedData.file("normalization.csv"));
        List<NormalizationGroup> carbon = t.groupsFor("C12");
        assertEquals(10, carbon.size());
        assertEquals(new NormalizationGroup("C12/Barreau:1983ht", "C12", "Barreau:1983ht", null, 0.02), carbon.get(0));
        assertEquals(
                List.of(
                        "Ca40/Whitney:1974hr",
                        "Ca40/Meziani:1984is",
                        "Ca40/Williamson:1997/45.5deg",
                        "Ca40/Williamson:1997/90deg",
                        "Ca40/Williamson:1997/140deg"),
                t.groupsFor("Ca40").stream().map(NormalizationGroup::id).toList());
        assertTrue(t.groupsFor("Ar40").isEmpty());
    }

    @Test
    void matchesPerAngleGroupsWithinTolerance() throws Exception {
        NormalizationTable t = NormalizationTable.load(SharedData.file("normalization.csv"));
        NormalizationGroup g =
                t.groupOf("Ca40", point("Williamson:1997", 90.04)).orElseThrow();
        assertEquals("Ca40/Williamson:1997/90deg", g.id());
        assertEquals(0.06, g.uncertainty(), 1e-15);
        assertTrue(t.groupOf("Ca40", point("Williamson:1997", 90.06)).isEmpty());
        assertTrue(t.groupOf("Ca40", point("Hotta:1994", 30)).isEmpty());
        assertEquals(
                "C12/Fomin:2010ei",
                t.groupOf("C12", point("Fomin:2010ei", 18)).orElseThrow().id());
    }

    @Test
    void bundledCopyEqualsSharedTable() throws Exception {
        try (InputStream in = QesArchive.class.getResourceAsStream(QesArchive.NORMALIZATION_FILE)) {
            assertArrayEquals(
                    Files.readAllBytes(SharedData.file("normalization.csv")),
                    in.readAllBytes(),
                    "data/src/main/resources/org/xsdnn/data/normalization.csv is stale; copy shared/data/qes/normalization.csv");
        }
    }

    @Test
    void rejectsBadPercentage() throws Exception {
        Path f = Files.writeString(
                tmp.resolve("norm.csv"),
                "target,dataset_key,theta_deg,norm_uncertainty_percent,note\n"
                        + "C12,Barreau:1983ht,,2.0,\nC12,Day:1993md,,two,\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> NormalizationTable.load(f));
        assertEquals(
                "norm.csv:3: column norm_uncertainty_percent is \"two\"; expected a positive percentage like 2.5.",
                e.getMessage());
    }

    @Test
    void rejectsMissingColumnAndMixedAngleRows() throws Exception {
        Path noTheta =
                Files.writeString(tmp.resolve("a.csv"), "target,dataset_key,norm_uncertainty_percent,note\nC12,X,2,\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> NormalizationTable.load(noTheta));
        assertTrue(e.getMessage().startsWith("a.csv:1: header lacks column(s) [theta_deg]"), e.getMessage());
        Path mixed = Files.writeString(
                tmp.resolve("b.csv"),
                "target,dataset_key,theta_deg,norm_uncertainty_percent,note\n"
                        + "Ca40,Williamson:1997,,3,\nCa40,Williamson:1997,90,6,\n");
        e = assertThrows(DataFormatException.class, () -> NormalizationTable.load(mixed));
        assertTrue(e.getMessage().contains("both with and without theta_deg"), e.getMessage());
    }

    private static DataPoint point(String key, double thetaDeg) {
        return new DataPoint(20, 40, 0.5, thetaDeg, 0.1, 1.0, 0.1, key, "test", 1);
    }

    @Test
    void acceptsUtf8ByteOrderMark() throws Exception {
        Path f = Files.writeString(
                tmp.resolve("norm.csv"),
                "\uFEFFtarget,dataset_key,theta_deg,norm_uncertainty_percent,note\n" + "C12,Barreau:1983ht,,2.0,\n");
        assertEquals(1, NormalizationTable.load(f).groupsFor("C12").size());
    }
}
