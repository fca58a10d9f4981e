package org.xsdnn.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xsdnn.core.Kinematics;
import org.xsdnn.core.MetadataKeys;

/**
 * One fused xsdnn file (contract {@value FusedContract#ID}: kinematics in, σ mean and spread out) in one ONNX
 * Runtime session. Scores bootstrap ensembles and frozen MC-dropout models alike: both are "M members" to it.
 *
 * <p>Thread-safe: one instance serves all threads (ONNX Runtime sessions may run concurrently). {@link #close}
 * waits for calls in progress; later calls throw {@link IllegalStateException}. Large inputs are scored in
 * batches of {@link #pointsPerRun()} points, so that the [M, N, width] activations stay near 16 MiB.
 */
public final class FusedModel implements AutoCloseable {
    /** Float values one activation tensor may hold per run: 2²² floats = 16 MiB. */
    static final long ACTIVATION_BUDGET = 1L << 22;
    /** Width assumed per member when the file does not list its hidden widths. */
    private static final int ASSUMED_WIDTH = 300;

    private final String fileName;
    private final SessionOptions options;
    private final OrtSession session;
    private final Map<String, String> metadata;
    private final List<String> warnings;
    private final int members;
    private final int massNumber;
    private final boolean perMember;
    private final int pointsPerRun;
    private final Set<String> outputs;
    private final CloseGuard guard = new CloseGuard("FusedModel");

    private FusedModel(
            String fileName,
            SessionOptions options,
            OrtSession session,
            Map<String, String> metadata,
            List<String> warnings,
            FusedContract.Layout layout,
            int massNumber,
            int pointsPerRun) {
        this.fileName = fileName;
        this.options = options;
        this.session = session;
        this.metadata = metadata;
        this.warnings = warnings;
        this.members = layout.members();
        this.perMember = layout.perMember();
        this.massNumber = massNumber;
        this.pointsPerRun = pointsPerRun;
        this.outputs = perMember
                ? Set.of(FusedContract.MEAN, FusedContract.STD, FusedContract.MEMBERS)
                : Set.of(FusedContract.MEAN, FusedContract.STD);
    }

    /**
     * Opens a fused file and checks its tensors and metadata once.
     *
     * @throws ContractException when ONNX Runtime cannot load the file or it does not meet {@value FusedContract#ID}
     */
    public static FusedModel open(Path file, ScoringOptions scoringOptions) throws IOException, ContractException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "expected a fused xsdnn ONNX file");
        }
        String fileName = file.getFileName().toString();
        List<String> warnings = new ArrayList<>();
        SessionOptions options = OrtOptions.create(scoringOptions, warnings);
        OrtSession session = null;
        try {
            session = OrtEnvironments.get().createSession(file.toString(), options);
            Map<String, String> metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
            FusedContract.Layout layout = FusedContract.check(fileName, session, metadata);
            int massNumber = FusedContract.positiveInt(fileName, metadata, MetadataKeys.TARGET_A);
            int width = FusedContract.hiddenWidths(metadata).stream()
                    .mapToInt(Integer::intValue)
                    .max()
                    .orElse(ASSUMED_WIDTH);
            int pointsPerRun = (int) Math.max(1, ACTIVATION_BUDGET / ((long) layout.members() * Math.max(1, width)));
            return new FusedModel(
                    fileName, options, session, metadata, List.copyOf(warnings), layout, massNumber, pointsPerRun);
        } catch (OrtException e) {
            SessionResources.closeAfterFailure(session, options, e);
            throw new ContractException(
                    fileName + ": ONNX Runtime cannot load it: " + e.getMessage() + ". Re-export with xsdnn export.",
                    e);
        } catch (ContractException | RuntimeException e) {
            SessionResources.closeAfterFailure(session, options, e);
            throw e;
        }
    }

    /**
     * σ in nb/(sr·GeV) for n points: mean and population standard deviation over the members, and, when the file
     * has {@value FusedContract#MEMBERS}, {@code perMember[m][i]}; otherwise {@code perMember} is empty (length 0).
     *
     * @throws IllegalArgumentException when lengths differ or a point is unphysical (names index and value)
     * @throws IllegalStateException after {@link #close}
     */
    public Prediction score(double[] energyGeV, double[] thetaDeg, double[] omegaGeV) throws ScoringException {
        int n = energyGeV.length;
        if (thetaDeg.length != n || omegaGeV.length != n) {
            throw new IllegalArgumentException("E, theta and omega must have the same length; got " + n + ", "
                    + thetaDeg.length + ", " + omegaGeV.length);
        }
        for (int i = 0; i < n; i++) {
            String problem = Kinematics.validate(energyGeV[i], thetaDeg[i], omegaGeV[i]);
            if (problem != null) {
                throw new IllegalArgumentException("point " + i + ": " + problem);
            }
        }
        double[] mean = new double[n];
        double[] std = new double[n];
        double[][] sigma = new double[perMember ? members : 0][n];
        try (CloseGuard.Entry call = guard.enter()) {
            for (int from = 0; from < n; from += pointsPerRun) {
                run(energyGeV, thetaDeg, omegaGeV, from, Math.min(n, from + pointsPerRun), mean, std, sigma);
            }
        }
        return new Prediction(mean, std, sigma);
    }

    private void run(
            double[] energyGeV,
            double[] thetaDeg,
            double[] omegaGeV,
            int from,
            int to,
            double[] mean,
            double[] std,
            double[][] sigma)
            throws ScoringException {
        int n = to - from;
        OrtEnvironment env = OrtEnvironments.get();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            double[][] columns = {energyGeV, thetaDeg, omegaGeV};
            for (int c = 0; c < columns.length; c++) {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (float) columns[c][from + i];
                }
                inputs.put(
                        FusedContract.INPUTS.get(c),
                        OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {n}));
            }
            try (OrtSession.Result result = session.run(inputs, outputs)) {
                copy(vector(result, FusedContract.MEAN, n), mean, from);
                copy(vector(result, FusedContract.STD, n), std, from);
                if (perMember) {
                    FloatBuffer all = tensor(result, FusedContract.MEMBERS, new long[] {n, members});
                    for (int i = 0; i < n; i++) {
                        for (int m = 0; m < members; m++) {
                            sigma[m][from + i] = all.get(i * members + m);
                        }
                    }
                }
            }
        } catch (OrtException e) {
            throw new ScoringException(fileName + ": ONNX Runtime failed on " + n + " points: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private FloatBuffer vector(OrtSession.Result result, String name, int n) throws ScoringException {
        return tensor(result, name, new long[] {n});
    }

    private FloatBuffer tensor(OrtSession.Result result, String name, long[] expected) throws ScoringException {
        OnnxTensor output = (OnnxTensor) result.get(name).orElseThrow();
        long[] shape = output.getInfo().getShape();
        if (!Arrays.equals(shape, expected)) {
            throw new ScoringException(fileName + ": output \"" + name + "\" has shape " + Arrays.toString(shape)
                    + "; expected " + Arrays.toString(expected));
        }
        return output.getFloatBuffer();
    }

    private static void copy(FloatBuffer from, double[] to, int offset) {
        for (int i = 0; from.hasRemaining(); i++) {
            to[offset + i] = from.get();
        }
    }

    /** File name, for messages. */
    public String fileName() {
        return fileName;
    }

    /** M: ensemble members or dropout passes. */
    public int members() {
        return members;
    }

    /** A of the target; the file's σ already includes A/12. */
    public int massNumber() {
        return massNumber;
    }

    /** {@value FusedContract#KIND_ENSEMBLE} or {@value FusedContract#KIND_MC_DROPOUT}, from the metadata. */
    public String kind() {
        return metadata.getOrDefault(FusedContract.KEY_KIND, "");
    }

    /** Whether {@link #score} fills {@code perMember} (the file has {@value FusedContract#MEMBERS}). */
    public boolean hasPerMember() {
        return perMember;
    }

    /** Points per ONNX Runtime call; larger inputs are split. */
    public int pointsPerRun() {
        return pointsPerRun;
    }

    /** The file's ONNX {@code metadata_props}, an immutable copy read on open. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Why options could not be honoured (e.g. CUDA unavailable); empty when all were. */
    public List<String> warnings() {
        return warnings;
    }

    /** Waits for calls in progress, then frees the session and its options (in that order). Idempotent. */
    @Override
    public void close() {
        if (guard.markClosed()) {
            SessionResources.close(session, options, fileName);
        }
    }
}
