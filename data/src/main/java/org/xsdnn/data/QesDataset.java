package org.xsdnn.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.Kinematics;

/**
 * The assembled data for training: the points that passed a {@link Selection}, each with the index
 * of its normalization group in {@link #groups()}.
 *
 * @param group for point i, the index into {@code groups} of its normalization group
 * @param groups the normalization groups that the selected points belong to, in normalization.csv order
 * @param removedByCutPerDataset per selected dataset key, how many points the ω cut removed (0 included)
 * @param droppedNonPositive how many points of the selected datasets were dropped for σ ≤ 0 or error ≤ 0
 * @param files the files read, with their SHA-256, for provenance
 * @param leftOut datasets of the target that were not used because they have no normalization
 *     group, with their number of points; empty when the selection names its datasets
 */
public record QesDataset(
        Selection selection,
        List<DataPoint> points,
        int[] group,
        List<NormalizationGroup> groups,
        Map<String, Integer> removedByCutPerDataset,
        int droppedNonPositive,
        List<FileDigest> files,
        Map<String, Integer> leftOut) {

    /** A file's name and the hex SHA-256 of its bytes. */
    public record FileDigest(String name, String sha256) {
        public static FileDigest of(String name, byte[] content) {
            try {
                return new FileDigest(
                        name,
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform provides SHA-256", e);
            }
        }
    }

    public QesDataset {
        points = List.copyOf(points);
        group = group.clone();
        groups = List.copyOf(groups);
        removedByCutPerDataset = Collections.unmodifiableMap(new LinkedHashMap<>(removedByCutPerDataset));
        files = List.copyOf(files);
        leftOut = Collections.unmodifiableMap(new LinkedHashMap<>(leftOut));
        if (group.length != points.size()) {
            throw new IllegalArgumentException(points.size() + " points but " + group.length + " group indices");
        }
        for (int g : group) {
            if (g < 0 || g >= groups.size()) {
                throw new IllegalArgumentException("group index " + g + "; expected 0.." + (groups.size() - 1));
            }
        }
    }

    /** A copy: the dataset is immutable. */
    @Override
    public int[] group() {
        return group.clone();
    }

    public int size() {
        return points.size();
    }

    /** Row-major [n, 5] scaled network inputs, see {@link Kinematics#featureMatrix}. */
    public float[] features() {
        int n = size();
        double[] e = new double[n];
        double[] theta = new double[n];
        double[] omega = new double[n];
        for (int i = 0; i < n; i++) {
            DataPoint p = points.get(i);
            e[i] = p.energyGeV();
            theta[i] = p.thetaDeg();
            omega[i] = p.omegaGeV();
        }
        return Kinematics.featureMatrix(e, theta, omega);
    }

    /** Reduced targets y_i = σ_i / (S(E, θ)·A/12): what the network's sigmoid output is fitted to. */
    public double[] reducedSigma() {
        double[] y = new double[size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = points.get(i).sigma() / scale(points.get(i));
        }
        return y;
    }

    /** Errors of {@link #reducedSigma()}, scaled the same way. */
    public double[] reducedError() {
        double[] y = new double[size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = points.get(i).error() / scale(points.get(i));
        }
        return y;
    }

    /**
     * The points at {@code indices}, in that order, with their group indices. Groups, selection and
     * bookkeeping are kept whole, so group indices mean the same in every subset.
     */
    public QesDataset subset(int[] indices) {
        List<DataPoint> sub = new ArrayList<>(indices.length);
        int[] subGroup = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            sub.add(points.get(indices[i]));
            subGroup[i] = group[indices[i]];
        }
        return new QesDataset(
                selection, sub, subGroup, groups, removedByCutPerDataset, droppedNonPositive, files, leftOut);
    }

    private static double scale(DataPoint p) {
        return Kinematics.scaleNbPerSrGeV(p.energyGeV(), p.thetaDeg()) * p.a() / 12.0;
    }
}
