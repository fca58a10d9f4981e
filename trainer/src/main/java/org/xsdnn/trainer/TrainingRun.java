package org.xsdnn.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.ModelCard;
import org.xsdnn.core.NetworkWeights;
import org.xsdnn.core.Sha256Sums;
import org.xsdnn.data.Bootstrap;
import org.xsdnn.data.DataPoint;
import org.xsdnn.data.NormalizationGroup;
import org.xsdnn.data.QesDataset;
import org.xsdnn.data.Selection;
import org.xsdnn.data.Split;

/**
 * A training run directory: {@code run.json} (the manifest), and per finished member
 * {@code member-NN.weights}, {@code member-NN.json} and {@code member-NN-curve.csv}; an unfinished
 * member has {@code member-NN.checkpoint}. Members are independent: any range of them can be
 * trained by any process, and a run is resumed by training the same range again.
 */
public final class TrainingRun {
    private final Path directory;
    private final RunManifest manifest;
    private final TrainingData trainPoints;
    private final TrainingData heldOutPoints;
    private final TrainingData untouchedPoints;

    private TrainingRun(
            Path directory,
            RunManifest manifest,
            TrainingData trainPoints,
            TrainingData heldOutPoints,
            TrainingData untouchedPoints) {
        this.directory = directory;
        this.manifest = manifest;
        this.trainPoints = trainPoints;
        this.heldOutPoints = heldOutPoints;
        this.untouchedPoints = untouchedPoints;
    }

    /**
     * Opens (or starts) a run in {@code directory}. A directory that already holds a run with a
     * different manifest (other data, cut, split or settings) is refused with both named.
     */
    public static TrainingRun open(
            Path directory,
            QesDataset data,
            double trainFraction,
            long splitSeed,
            TrainerConfig config,
            String xsdnnVersion)
            throws IOException {
        return open(directory, data, trainFraction, 0, splitSeed, config, xsdnnVersion);
    }

    /**
     * As {@link #open(Path, QesDataset, double, long, TrainerConfig, String)}, setting aside
     * {@code untouchedFraction} of the points that neither train nor pick the best state: their
     * χ²/N is the unbiased held-out figure.
     */
    public static TrainingRun open(
            Path directory,
            QesDataset data,
            double trainFraction,
            double untouchedFraction,
            long splitSeed,
            TrainerConfig config,
            String xsdnnVersion)
            throws IOException {
        return open(directory, data, trainFraction, untouchedFraction, splitSeed, config, xsdnnVersion, null);
    }

    /**
     * As {@link #open(Path, QesDataset, double, double, long, TrainerConfig, String)}, for a fine-tuning run
     * when {@code parent} is not null: its members are trained with {@link #train(int, ParentMember,
     * ProgressListener)}, each from its parent member.
     */
    public static TrainingRun open(
            Path directory,
            QesDataset data,
            double trainFraction,
            double untouchedFraction,
            long splitSeed,
            TrainerConfig config,
            String xsdnnVersion,
            RunManifest.Parent parent)
            throws IOException {
        if (config.bf16Products()) {
            Matmul.requireBf16Instructions(); // before the directory is made: nothing to clean up
        }
        Split split = Split.random(data.size(), trainFraction, untouchedFraction, splitSeed);
        RunManifest manifest =
                manifest(data, split, trainFraction, untouchedFraction, splitSeed, config, xsdnnVersion, parent);
        Files.createDirectories(directory);
        if (Files.exists(directory.resolve(RunManifest.FILE_NAME))) {
            RunManifest existing = RunManifest.read(directory);
            if (!existing.identity().equals(manifest.identity())) {
                throw new IOException(
                        directory + " already holds a training run with other data, cut, split or"
                                + " settings (run.json differs). Train into a new --out directory, or delete it to start over.");
            }
        } else {
            manifest.write(directory);
            // Two runs started at once into a new directory both write run.json; the one that lost must not go on.
            if (!RunManifest.read(directory).identity().equals(manifest.identity())) {
                throw new IOException(
                        directory + ": another xsdnn train with other settings started in this directory at"
                                + " the same time and wrote its run.json; train into a new --out directory.");
            }
        }
        TrainingData all = trainingDataOf(data);
        return new TrainingRun(
                directory,
                manifest,
                all.subset(split.train()),
                all.subset(split.test()),
                all.subset(split.untouched()));
    }

    /** Opens an existing run with the settings its run.json records, on the data it was trained on. */
    public static TrainingRun reopen(Path directory, QesDataset data) throws IOException {
        RunManifest m = RunManifest.read(directory);
        return open(
                directory,
                data,
                m.trainFraction(),
                m.untouchedFraction(),
                m.splitSeed(),
                m.config(),
                m.xsdnnVersion(),
                m.parent());
    }

    public RunManifest manifest() {
        return manifest;
    }

    public Path directory() {
        return directory;
    }

    /** Points the members train on (before each member's bootstrap shift). */
    public TrainingData trainPoints() {
        return trainPoints;
    }

    public TrainingData heldOutPoints() {
        return heldOutPoints;
    }

    /** True once member m's record is written. */
    public boolean isFinished(int member) {
        return Files.exists(directory.resolve(MemberRecord.fileName(member)));
    }

    /**
     * Trains member m unless it is finished, resuming from its checkpoint if there is one.
     * Writes weights, learning curve and record, then removes the checkpoint.
     */
    public MemberRecord train(int member, ProgressListener progress) throws IOException {
        if (manifest.parent() != null) {
            throw new IllegalStateException(directory + " is a fine-tuning run; train its members from their parents");
        }
        return train(member, null, progress);
    }

    /**
     * A fine-tune's starting point for one member.
     *
     * @param network the parent member's weights
     * @param sha256 SHA-256 of the file they were read from; recorded with the member and part of its checkpoint's
     *     fingerprint, so a member never resumes from another parent
     */
    public record ParentMember(NetworkWeights network, String sha256) {}

    /**
     * Fine-tunes member m from {@code parent}, its parent member (the run's manifest names the parent model and
     * how many layers train), unless it is finished; otherwise as {@link #train(int, ProgressListener)}.
     *
     * @param parent member m of the parent model; null for a run from random weights
     */
    public MemberRecord train(int member, ParentMember parent, ProgressListener progress) throws IOException {
        if ((parent == null) != (manifest.parent() == null)) {
            throw new IllegalArgumentException(
                    manifest.parent() == null
                            ? directory + " trains from random weights; it takes no parent network"
                            : directory + " is a fine-tuning run; member " + member + " needs its parent network");
        }
        if (isFinished(member)) {
            return MemberRecord.read(directory.resolve(MemberRecord.fileName(member)));
        }
        try (MemberLock ignored =
                MemberLock.acquire(directory.resolve(String.format("member-%02d.lock", member)), member)) {
            if (isFinished(member)) { // finished by the process that held the lock before us
                return MemberRecord.read(directory.resolve(MemberRecord.fileName(member)));
            }
            return trainLocked(member, parent, progress);
        }
    }

    private MemberRecord trainLocked(int member, ParentMember parent, ProgressListener progress) throws IOException {
        TrainerConfig config = manifest.config();
        TrainingData replica = config.bootstrap()
                ? trainPoints.withTargets(
                        Bootstrap.replica(trainPoints.y(), trainPoints.error(), config.seed(), member))
                : trainPoints;
        Path checkpoint = directory.resolve(String.format("member-%02d.checkpoint", member));
        FineTuning fineTuning = parent == null
                ? null
                : FineTuning.of(
                        parent.network(),
                        manifest.parent().trainableLayers(),
                        config.network().batchNormEpsilon(),
                        config.network().fixedStatistics());
        String identity = manifest.identity() + (parent == null ? "" : ";parent=" + parent.sha256());
        MemberResult result = new MemberTrainer(config, progress)
                .train(member, fineTuning, replica, heldOutPoints, untouchedPoints, identity, checkpoint);
        Path weights = directory.resolve(MemberRecord.weightsName(member));
        WeightsFile.write(result.weights(), weights);
        LearningCurve.writeCsv(result.curve(), directory.resolve(String.format("member-%02d-curve.csv", member)));
        Map<String, Double> lambdas = new LinkedHashMap<>();
        List<String> groupIds = List.copyOf(manifest.groups().keySet());
        for (int k = 0; k < groupIds.size(); k++) {
            lambdas.put(groupIds.get(k), result.lambdas()[k]);
        }
        MemberRecord record = new MemberRecord(
                member,
                config.seed(),
                lambdas,
                result.heldOutChi2PerPoint(),
                result.untouchedChi2PerPoint(),
                result.bestEpoch(),
                result.epochsDone(),
                result.restarts(),
                result.seconds(),
                weights.getFileName().toString(),
                Sha256Sums.hexOf(weights),
                manifest.identity(),
                MemberRecord.failure(lambdas, manifest.groups(), result.heldOutChi2PerPoint()),
                parent == null ? null : parent.sha256());
        record.write(directory);
        Files.deleteIfExists(checkpoint);
        return record;
    }

    /** The weights of a finished member, checked against the checksum in its record. */
    public NetworkWeights weights(int member) throws IOException {
        return weights(directory, member);
    }

    /** As {@link #weights(int)}, for the run in {@code directory}, without opening it on its data. */
    public static NetworkWeights weights(Path directory, int member) throws IOException {
        MemberRecord record = MemberRecord.read(directory.resolve(MemberRecord.fileName(member)));
        Path file = directory.resolve(record.weightsFile());
        String actual = Sha256Sums.hexOf(file);
        if (!actual.equals(record.weightsSha256())) {
            throw new IOException(file + ": SHA-256 " + actual + " differs from " + record.weightsSha256()
                    + " recorded in " + MemberRecord.fileName(member)
                    + "; the file was changed or damaged. Retrain member " + member + ".");
        }
        return WeightsFile.read(file);
    }

    /** All points of a data set in training units (reduced σ and errors, group indices, Δλ). */
    public static TrainingData trainingDataOf(QesDataset data) {
        double[] uncertainty = data.groups().stream()
                .mapToDouble(NormalizationGroup::uncertainty)
                .toArray();
        return new TrainingData(data.features(), data.reducedSigma(), data.reducedError(), data.group(), uncertainty);
    }

    private static RunManifest manifest(
            QesDataset data,
            Split split,
            double trainFraction,
            double untouchedFraction,
            long splitSeed,
            TrainerConfig config,
            String version,
            RunManifest.Parent parent) {
        DataPoint first = data.points().get(0);
        Map<String, Double> groups = new LinkedHashMap<>();
        for (NormalizationGroup g : data.groups()) {
            groups.put(g.id(), g.uncertainty());
        }
        Selection selection = data.selection();
        return new RunManifest(
                version,
                new ModelCard.Target(selection.target(), first.z(), first.a()),
                selection,
                trainFraction,
                splitSeed,
                config,
                data.files(),
                groups,
                split.train().length,
                split.test().length,
                data.droppedNonPositive(),
                data.removedByCutPerDataset(),
                data.leftOut(),
                domain(data.points()),
                split.test(),
                untouchedFraction,
                split.untouched(),
                parent);
    }

    private static ModelCard.Domain domain(List<DataPoint> points) {
        return new ModelCard.Domain(
                range(points.stream().mapToDouble(DataPoint::energyGeV).toArray()),
                range(points.stream().mapToDouble(DataPoint::thetaDeg).toArray()),
                range(points.stream().mapToDouble(DataPoint::omegaGeV).toArray()));
    }

    private static ModelCard.Range range(double[] values) {
        return new ModelCard.Range(
                java.util.Arrays.stream(values).min().orElse(Double.NaN),
                java.util.Arrays.stream(values).max().orElse(Double.NaN));
    }
}
