package org.xsdnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.ModelCard;
import org.xsdnn.data.Selection;

/** Which points a report measures: the card's training selection, the card-less default, and overrides. */
class ReportSelectionTest {
    private static final List<String> PAPER = Selection.carbonPaper().datasetKeys();

    private static Optional<ModelCard> carbonA() throws Exception {
        return Optional.of(ModelCard.read(ReferenceFiguresTest.CARBON_A.resolve(ModelCard.FILE_NAME)));
    }

    @Test
    void theShippedCardRecordsItsTrainingSelection() throws Exception {
        ReportSelection s = ReportSelection.choose(carbonA(), 12, null, null, null);
        assertEquals(new Selection("C12", PAPER, 0.03), s.selection());
        assertEquals("the model's training selection (model card)", s.source());
    }

    @Test
    void overridesReplaceTheirPartOnly() throws Exception {
        ReportSelection cut = ReportSelection.choose(carbonA(), 12, null, null, 0.05);
        assertEquals(new Selection("C12", PAPER, 0.05), cut.selection());
        assertTrue(cut.source().endsWith("overridden by --min-omega"), cut.source());
        ReportSelection two = ReportSelection.choose(carbonA(), 12, null, List.of("Day:1993md", "Fomin:2010ei"), null);
        assertEquals(new Selection("C12", List.of("Day:1993md", "Fomin:2010ei"), 0.03), two.selection());
        // Another target: the card's experiments belong to carbon, so every dataset of the new target is taken.
        assertEquals(
                new Selection("O16", List.of(), 0.03),
                ReportSelection.choose(carbonA(), 12, "O16", null, null).selection());
    }

    @Test
    void cardlessCarbonModelsGetThePaperExperimentsAboveFiftyMeV() {
        ReportSelection s = ReportSelection.choose(Optional.empty(), 12, null, null, null);
        assertEquals(new Selection("C12", PAPER, 0.05), s.selection());
    }

    @Test
    void cardlessModelsOfOtherNucleiNeedATarget() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ReportSelection.choose(Optional.empty(), 40, null, null, null));
        assertTrue(e.getMessage().contains("--target"), e.getMessage());
        assertEquals(
                new Selection("Ca40", List.of(), 0.05),
                ReportSelection.choose(Optional.empty(), 40, "Ca40", null, null).selection());
    }

    @Test
    void aSelectionInAnotherWordingIsNotGuessed() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper()
                .readTree(ReferenceFiguresTest.CARBON_A
                        .resolve(ModelCard.FILE_NAME)
                        .toFile());
        ((ObjectNode) json.get("data")).put("selection", "carbon, some experiments");
        ModelCard odd = CardJson.read(json.toString(), ModelCard.class);
        assertTrue(ReportSelection.trainingSelection(odd).isEmpty());
        assertEquals(
                new Selection("C12", PAPER, 0.05),
                ReportSelection.choose(Optional.of(odd), 12, null, null, null).selection());
    }
}
