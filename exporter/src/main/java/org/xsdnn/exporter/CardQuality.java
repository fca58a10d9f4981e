package org.xsdnn.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.ModelCard;
import org.xsdnn.data.DataFormatException;
import org.xsdnn.data.QesArchive;
import org.xsdnn.report.FrozenModel;
import org.xsdnn.report.Measure;
import org.xsdnn.report.ModelReport;
import org.xsdnn.report.Progress;
import org.xsdnn.report.QualityReport;
import org.xsdnn.report.ReportSelection;
import org.xsdnn.runtime.ContractException;
import org.xsdnn.runtime.ScoringException;
import org.xsdnn.runtime.ScoringOptions;

/**
 * The last step of every export and assembly, on the staged directory: golden vectors, then the quality report's
 * figures on the model's own training selection into the card (so the card and {@code xsdnn report} carry the same
 * numbers), then the seal over every file.
 */
public final class CardQuality {
    private CardQuality() {}

    /** @return the card as sealed */
    public static ModelCard finish(StagedModelDirectory staged, Path dataDir)
            throws IOException, ScoringException, ContractException, DataFormatException {
        return finish(staged, dataDir, null);
    }

    /**
     * @param modelFile the one file that scores the model (e.g. an MC-dropout file), or null when the directory's
     *     members do
     */
    public static ModelCard finish(StagedModelDirectory staged, Path dataDir, String modelFile)
            throws IOException, ScoringException, ContractException, DataFormatException {
        Path dir = staged.path();
        QualityReport q;
        try (FrozenModel model =
                FrozenModel.open(modelFile == null ? dir : dir.resolve(modelFile), ScoringOptions.defaults())) {
            GoldenVectors.write(model, dir.resolve(GoldenVectors.FILE_NAME));
            ReportSelection selection = ReportSelection.choose(model.card(), model.massNumber(), null, null, null);
            q = ModelReport.build(model, null, QesArchive.open(dataDir), selection, Progress.NONE)
                    .summary();
        }
        Map<String, Object> quality = new LinkedHashMap<>();
        quality.put("measure", QualityReport.MEASURE);
        quality.put("selection", q.selection());
        quality.put("overall", q.overall());
        quality.put("splits", q.splits());
        quality.put("experiments", q.experiments());
        quality.put("normalizations", q.normalizations());
        quality.put("notes", q.notes());
        // Through the card's JSON dialect, so the card holds plain JSON values whatever the report's types are.
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = CardJson.read(CardJson.write(quality), Map.class);
        Measure.Figures all = q.overall();
        Map<String, Double> metrics = new LinkedHashMap<>(staged.card().metrics());
        metrics.put("chi2-per-point", all.chi2PerPoint());
        metrics.put("mean-relative-spread", all.meanRelativeSpread());
        metrics.put("within-1-sigma", all.within1Sigma());
        metrics.put("within-2-sigma", all.within2Sigma());
        staged.seal(staged.card().withMetrics(metrics).withQuality(plain));
        return staged.card();
    }
}
