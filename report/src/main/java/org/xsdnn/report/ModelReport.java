package org.xsdnn.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.xsdnn.data.DataFormatException;
import org.xsdnn.data.DataPoint;
import org.xsdnn.data.NormalizationGroup;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.data.SpectrumScatter;
import org.xsdnn.report.Measure.Figures;
import org.xsdnn.report.QualityReport.Comparison;
import org.xsdnn.report.QualityReport.ExperimentRow;
import org.xsdnn.report.QualityReport.GroupRow;
import org.xsdnn.report.QualityReport.ModelInfo;
import org.xsdnn.report.QualityReport.SelectionInfo;
import org.xsdnn.report.QualityReport.SpectrumRow;
import org.xsdnn.report.TrainingSplit.Role;
import org.xsdnn.runtime.Prediction;
import org.xsdnn.runtime.ScoringException;

/**
 * A model measured on a selection of the QES data: the {@link QualityReport} figures, and what the plots need
 * (every point's role and residual, and each spectrum's model curves on an ω grid). Each model scores all its
 * points, data and curve grids together, in one call.
 */
public final class ModelReport {
    /** Points on each spectrum's model curve, evenly spaced over the spectrum's measured ω range. */
    static final int GRID_POINTS = 80;

    private final QualityReport summary;
    private final QesDataset data;
    private final Role[] roles;
    private final Measure measure;
    private final List<Spectrum> spectra;

    private ModelReport(QualityReport summary, QesDataset data, Role[] roles, Measure measure, List<Spectrum> spectra) {
        this.summary = summary;
        this.data = data;
        this.roles = roles;
        this.measure = measure;
        this.spectra = spectra;
    }

    /**
     * One (dataset, E, θ) spectrum.
     *
     * @param points indices of its points in {@link #data()}, ω ascending
     * @param model the model's curves on {@code gridOmegaGeV}; @param compare the compared model's, or null
     * @param figures over its points, data terms only
     */
    public record Spectrum(
            String datasetKey,
            double energyGeV,
            double thetaDeg,
            int[] points,
            double[] gridOmegaGeV,
            Curve model,
            Curve compare,
            Figures figures) {}

    /** Un-rescaled mean and spread of a model on a grid, and the λ of the spectrum's group. */
    public record Curve(double[] mean, double[] spread, double lambda) {}

    /**
     * Scores and measures.
     *
     * @param compare a second model drawn and measured beside the first, or null
     * @throws IllegalArgumentException when the selection leaves no point
     */
    public static ModelReport build(
            FrozenModel model, FrozenModel compare, QesArchive archive, ReportSelection selection, Progress progress)
            throws IOException, DataFormatException, ScoringException {
        QesDataset data = archive.load(selection.selection());
        if (data.size() == 0) {
            throw new IllegalArgumentException(
                    "the selection " + selection.selection() + " leaves no point to measure");
        }
        List<String> notes = new ArrayList<>();
        Role[] roles = TrainingSplit.roles(model, archive, data, notes);
        List<int[]> spectrumPoints = spectrumPoints(data);
        double[][] grids = spectrumPoints.stream().map(p -> grid(data, p)).toArray(double[][]::new);

        Scored scored = score(model, data, spectrumPoints, grids, progress, notes);
        Scored other = compare == null ? null : score(compare, data, spectrumPoints, grids, progress, notes);
        Measure measure = measure(data, scored);
        Measure otherMeasure = other == null ? null : measure(data, other);

        List<Spectrum> spectra = new ArrayList<>();
        List<SpectrumRow> rows = new ArrayList<>();
        int[] group = data.group();
        for (int s = 0; s < spectrumPoints.size(); s++) {
            int[] points = spectrumPoints.get(s);
            DataPoint first = data.points().get(points[0]);
            int k = group[points[0]];
            Figures figures = measure.figures(points, false);
            spectra.add(new Spectrum(
                    first.datasetKey(),
                    first.energyGeV(),
                    first.thetaDeg(),
                    points,
                    grids[s],
                    scored.curve(s, measure.lambda(k)),
                    other == null ? null : other.curve(s, otherMeasure.lambda(k)),
                    figures));
            rows.add(new SpectrumRow(
                    first.datasetKey(),
                    first.energyGeV(),
                    first.thetaDeg(),
                    points.length,
                    figures.chi2PerPoint(),
                    figures.chi2PerPointLambda1(),
                    measure.lambda(k),
                    ReportWriter.SPECTRA_DIR + "/" + fileStem(first) + ".png",
                    otherMeasure == null
                            ? null
                            : otherMeasure.figures(points, false).chi2PerPoint()));
        }
        int[] all = IntStream.range(0, data.size()).toArray();
        Comparison comparison = other == null
                ? null
                : new Comparison(
                        info(compare),
                        otherMeasure.figures(all, true),
                        experiments(data, otherMeasure),
                        groups(data, otherMeasure));
        QualityReport summary = new QualityReport(
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                QualityReport.MEASURE,
                info(model),
                selectionInfo(selection, data),
                measure.figures(all, true),
                splits(roles, measure, data, spectrumPoints),
                experiments(data, measure),
                groups(data, measure),
                rows,
                comparison,
                List.copyOf(notes));
        return new ModelReport(summary, data, roles.clone(), measure, List.copyOf(spectra));
    }

    public QualityReport summary() {
        return summary;
    }

    /** The measured points. */
    public QesDataset data() {
        return data;
    }

    /** Point i's part in training. */
    public Role role(int i) {
        return roles[i];
    }

    public Measure measure() {
        return measure;
    }

    public List<Spectrum> spectra() {
        return spectra;
    }

    /** Predictions at the data points and on every spectrum's grid, scaled to the data's nucleus. */
    private record Scored(double[] mean, double[] spread, int dataPoints, int gridPoints) {
        Curve curve(int spectrum, double lambda) {
            int from = dataPoints + spectrum * gridPoints;
            return new Curve(
                    Arrays.copyOfRange(mean, from, from + gridPoints),
                    Arrays.copyOfRange(spread, from, from + gridPoints),
                    lambda);
        }
    }

    private static Scored score(
            FrozenModel model,
            QesDataset data,
            List<int[]> spectrumPoints,
            double[][] grids,
            Progress progress,
            List<String> notes)
            throws ScoringException {
        int n = data.size();
        int total = n + grids.length * GRID_POINTS;
        double[] e = new double[total];
        double[] theta = new double[total];
        double[] omega = new double[total];
        for (int i = 0; i < n; i++) {
            DataPoint p = data.points().get(i);
            e[i] = p.energyGeV();
            theta[i] = p.thetaDeg();
            omega[i] = p.omegaGeV();
        }
        for (int s = 0; s < grids.length; s++) {
            DataPoint p = data.points().get(spectrumPoints.get(s)[0]);
            for (int g = 0; g < GRID_POINTS; g++) {
                int i = n + s * GRID_POINTS + g;
                e[i] = p.energyGeV();
                theta[i] = p.thetaDeg();
                omega[i] = grids[s][g];
            }
        }
        progress.say(String.format(
                Locale.ROOT,
                "scoring %s: %d members on %d points (%d measured, %d on curves)",
                model.path(),
                model.members(),
                total,
                n,
                total - n));
        Prediction p = model.score(e, theta, omega);
        double[] mean = p.mean();
        double[] spread = p.std();
        int dataA = data.points().get(0).a();
        if (dataA != model.massNumber()) {
            // σ per nucleus scales with A/12 (physics.md): the model's nucleus is not the data's.
            double factor = (double) dataA / model.massNumber();
            for (int i = 0; i < total; i++) {
                mean[i] *= factor;
                spread[i] *= factor;
            }
            notes.add(model.path() + " predicts for A = " + model.massNumber() + "; its sigma is scaled by A/"
                    + model.massNumber() + " to the data's A = " + dataA);
        }
        int zero = (int) Arrays.stream(mean, 0, n).filter(m -> m == 0).count();
        if (zero > 0) {
            notes.add(model.path() + " gives sigma = 0 in every member at " + zero + " of the " + n
                    + " points (float32 r" + " underflows far from the peak); they count with spread 0");
        }
        return new Scored(mean, spread, n, GRID_POINTS);
    }

    private static Measure measure(QesDataset data, Scored scored) {
        int n = data.size();
        double[] sigma = new double[n];
        double[] error = new double[n];
        for (int i = 0; i < n; i++) {
            sigma[i] = data.points().get(i).sigma();
            error[i] = data.points().get(i).error();
        }
        double[] deltaLambda = data.groups().stream()
                .mapToDouble(NormalizationGroup::uncertainty)
                .toArray();
        return Measure.of(
                sigma,
                error,
                data.group(),
                deltaLambda,
                Arrays.copyOf(scored.mean(), n),
                Arrays.copyOf(scored.spread(), n));
    }

    /** Point indices per (dataset, E, θ), datasets in selection order, then E and θ ascending; ω ascending inside. */
    private static List<int[]> spectrumPoints(QesDataset data) {
        Map<List<Object>, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            DataPoint p = data.points().get(i);
            byKey.computeIfAbsent(List.of(p.datasetKey(), p.energyGeV(), p.thetaDeg()), k -> new ArrayList<>())
                    .add(i);
        }
        List<String> order = new ArrayList<>(data.removedByCutPerDataset().keySet());
        Comparator<List<Object>> bySelection = Comparator.comparingInt(k -> order.indexOf((String) k.get(0)));
        Comparator<List<Object>> keyOrder =
                bySelection.thenComparingDouble(k -> (Double) k.get(1)).thenComparingDouble(k -> (Double) k.get(2));
        return byKey.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(keyOrder))
                .map(e -> e.getValue().stream()
                        .sorted(Comparator.comparingDouble(
                                i -> data.points().get(i).omegaGeV()))
                        .mapToInt(Integer::intValue)
                        .toArray())
                .toList();
    }

    private static double[] grid(QesDataset data, int[] points) {
        double lo = data.points().get(points[0]).omegaGeV();
        double hi = data.points().get(points[points.length - 1]).omegaGeV();
        double[] omega = new double[GRID_POINTS];
        for (int g = 0; g < GRID_POINTS; g++) {
            omega[g] = lo + (hi - lo) * g / (GRID_POINTS - 1);
        }
        return omega;
    }

    /** {@code Barreau-1983ht_E0.2404_th36}: the key made file-safe, and the kinematics as given in the archive. */
    private static String fileStem(DataPoint p) {
        return p.datasetKey().replaceAll("[^A-Za-z0-9.-]", "-") + "_E" + plain(p.energyGeV()) + "_th"
                + plain(p.thetaDeg());
    }

    /** A kinematic value as the archive gives it, without trailing zeros. */
    static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static ModelInfo info(FrozenModel model) {
        return new ModelInfo(
                model.path().toString(),
                model.layout(),
                model.members(),
                model.massNumber(),
                model.card().orElse(null));
    }

    private static SelectionInfo selectionInfo(ReportSelection selection, QesDataset data) {
        return new SelectionInfo(
                selection.selection().target(),
                List.copyOf(data.removedByCutPerDataset().keySet()),
                selection.selection().minOmegaGeV(),
                selection.source(),
                data.size(),
                data.removedByCutPerDataset(),
                data.droppedNonPositive(),
                data.files());
    }

    /**
     * Figures per role, and the held-out points in two parts: those inside the ω range of their spectrum's training
     * points (interpolated) and those beyond it (extrapolated). A random split of points leaves a few spectrum ends
     * held out, where σ changes fastest; they can carry most of a held-out χ² (BENCHMARKS.md §6).
     */
    private static Map<String, Figures> splits(Role[] roles, Measure measure, QesDataset data, List<int[]> spectra) {
        Map<Role, List<Integer>> byRole = new EnumMap<>(Role.class);
        for (int i = 0; i < roles.length; i++) {
            if (roles[i] != Role.UNKNOWN) {
                byRole.computeIfAbsent(roles[i], r -> new ArrayList<>()).add(i);
            }
        }
        Map<String, Figures> splits = new LinkedHashMap<>();
        byRole.forEach((role, indices) -> splits.put(
                splitName(role),
                measure.figures(indices.stream().mapToInt(Integer::intValue).toArray(), false)));
        if (byRole.containsKey(Role.HELD_OUT) && byRole.containsKey(Role.TRAINING)) {
            List<Integer> inside = new ArrayList<>();
            List<Integer> beyond = new ArrayList<>();
            for (int[] spectrum : spectra) {
                double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
                for (int i : spectrum) {
                    if (roles[i] == Role.TRAINING) {
                        range[0] = Math.min(range[0], data.points().get(i).omegaGeV());
                        range[1] = Math.max(range[1], data.points().get(i).omegaGeV());
                    }
                }
                for (int i : spectrum) {
                    double omega = data.points().get(i).omegaGeV();
                    if (roles[i] == Role.HELD_OUT) {
                        (omega >= range[0] && omega <= range[1] ? inside : beyond).add(i);
                    }
                }
            }
            putIfAny(splits, HELD_OUT_INTERPOLATED, inside, measure);
            putIfAny(splits, HELD_OUT_EXTRAPOLATED, beyond, measure);
        }
        return splits;
    }

    private static void putIfAny(Map<String, Figures> splits, String name, List<Integer> points, Measure measure) {
        if (!points.isEmpty()) {
            splits.put(
                    name,
                    measure.figures(points.stream().mapToInt(Integer::intValue).toArray(), false));
        }
    }

    /** Held-out points inside their spectrum's training ω range, and beyond it. */
    static final String HELD_OUT_INTERPOLATED = "held-out, interpolated";

    static final String HELD_OUT_EXTRAPOLATED = "held-out, extrapolated";

    /** The JSON and table name of a role: {@code held-out}, {@code not-in-training-data}. */
    static String splitName(Role role) {
        return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static List<ExperimentRow> experiments(QesDataset data, Measure measure) {
        Map<String, SpectrumScatter.Figure> scatter = SpectrumScatter.of(data);
        int[] group = data.group();
        List<ExperimentRow> rows = new ArrayList<>();
        for (String key : data.removedByCutPerDataset().keySet()) {
            int[] points = IntStream.range(0, data.size())
                    .filter(i -> data.points().get(i).datasetKey().equals(key))
                    .toArray();
            if (points.length == 0) {
                continue;
            }
            TreeSet<Integer> groups = new TreeSet<>();
            for (int i : points) {
                groups.add(group[i]);
            }
            List<String> ids =
                    groups.stream().map(k -> data.groups().get(k).id()).toList();
            Double deltaLambda = null;
            Double lambda = null;
            Double pull = null;
            if (groups.size() == 1) {
                int k = groups.first();
                deltaLambda = data.groups().get(k).uncertainty();
                lambda = measure.lambda(k);
                pull = (1 - lambda) / deltaLambda;
            }
            rows.add(new ExperimentRow(
                    key,
                    ids,
                    deltaLambda,
                    lambda,
                    pull,
                    measure.figures(points, true),
                    scatter.get(key).chi2PerPoint()));
        }
        return rows;
    }

    private static List<GroupRow> groups(QesDataset data, Measure measure) {
        int[] count = new int[data.groups().size()];
        for (int k : data.group()) {
            count[k]++;
        }
        List<GroupRow> rows = new ArrayList<>();
        for (int k = 0; k < count.length; k++) {
            NormalizationGroup g = data.groups().get(k);
            double lambda = measure.lambda(k);
            rows.add(new GroupRow(
                    g.id(),
                    g.datasetKey(),
                    g.thetaDeg(),
                    g.uncertainty(),
                    count[k],
                    lambda,
                    (1 - lambda) / g.uncertainty()));
        }
        return rows;
    }
}
