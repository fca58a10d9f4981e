package org.xsdnn.trainer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xsdnn.core.AtomicFiles;

/**
 * Everything needed to continue a member's training exactly where it stopped: parameters,
 * AdamW moments and step count, the best held-out state so far, and the learning curve.
 * Randomness (dropout masks, mini-batch order) is derived from (member seed, epoch), so it needs
 * no saved state.
 *
 * @param fingerprint {@link TrainerConfig#fingerprint()} plus the data's identity; a resume with
 *     another fingerprint is refused
 * @param epochsDone epochs completed
 * @param rateScale factor on the scheduled rate left by plateau halvings and divergence restarts
 * @param rampStart χ²-phase epoch where the current learning-rate warm-up began
 * @param evalsSinceBest evaluations since the held-out χ²/N last improved
 */
public record Checkpoint(
        String fingerprint,
        int member,
        int epochsDone,
        long optimizerSteps,
        float[] parameters,
        float[] firstMoment,
        float[] secondMoment,
        float[] bestParameters,
        int bestEpoch,
        double bestHeldOutChi2,
        double bestUntouchedChi2,
        double rateScale,
        int rampStart,
        int evalsSinceBest,
        int restarts,
        List<LearningCurve.Point> curve) {
    private static final int MAGIC = 0x58534b32; // "XSK2"; XSK1 files (before the schedule state) are refused

    /** Writes atomically (temporary file, then rename): a kill mid-write leaves the previous checkpoint. */
    public void write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(parameters.length * 16 + 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(fingerprint);
            out.writeInt(member);
            out.writeInt(epochsDone);
            out.writeLong(optimizerSteps);
            WeightsFile.writeFloats(out, parameters);
            WeightsFile.writeFloats(out, firstMoment);
            WeightsFile.writeFloats(out, secondMoment);
            WeightsFile.writeFloats(out, bestParameters);
            out.writeInt(bestEpoch);
            out.writeDouble(bestHeldOutChi2);
            out.writeDouble(bestUntouchedChi2);
            out.writeDouble(rateScale);
            out.writeInt(rampStart);
            out.writeInt(evalsSinceBest);
            out.writeInt(restarts);
            out.writeInt(curve.size());
            for (LearningCurve.Point p : curve) {
                out.writeInt(p.epoch());
                out.writeDouble(p.loss());
                out.writeDouble(p.heldOutChi2PerPoint());
                out.writeDouble(p.untouchedChi2PerPoint());
                out.writeDouble(p.learningRate());
                out.writeDouble(p.seconds());
            }
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** @throws IOException naming the file when it is not a complete xsdnn checkpoint */
    public static Checkpoint read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not an xsdnn checkpoint of this version (bad magic number);"
                        + " delete it to start the member over");
            }
            String fingerprint = in.readUTF();
            int member = in.readInt();
            int epochs = in.readInt();
            long steps = in.readLong();
            float[] params = WeightsFile.readFloats(in);
            float[] m = WeightsFile.readFloats(in);
            float[] v = WeightsFile.readFloats(in);
            float[] best = WeightsFile.readFloats(in);
            int bestEpoch = in.readInt();
            double bestChi2 = in.readDouble();
            double bestUntouched = in.readDouble();
            double rateScale = in.readDouble();
            int rampStart = in.readInt();
            int evalsSinceBest = in.readInt();
            int restarts = in.readInt();
            int n = in.readInt();
            List<LearningCurve.Point> curve = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                curve.add(new LearningCurve.Point(
                        in.readInt(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble()));
            }
            return new Checkpoint(
                    fingerprint,
                    member,
                    epochs,
                    steps,
                    params,
                    m,
                    v,
                    best,
                    bestEpoch,
                    bestChi2,
                    bestUntouched,
                    rateScale,
                    rampStart,
                    evalsSinceBest,
                    restarts,
                    curve);
        } catch (EOFException e) {
            throw new IOException(file + ": checkpoint is truncated", e);
        }
    }
}
