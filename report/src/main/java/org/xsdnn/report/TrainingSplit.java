package org.xsdnn.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xsdnn.core.ModelCard;
import org.xsdnn.data.DataFormatException;
import org.xsdnn.data.DataPoint;
import org.xsdnn.data.QesArchive;
import org.xsdnn.data.QesDataset;
import org.xsdnn.data.Selection;
import org.xsdnn.data.Split;

/**
 * What each measured point was to the model when it was trained: a training point, a held-out point (picked
 * the best state), an untouched test point (used for nothing), or not among its training data at all.
 *
 * <p>Index lists are indices into the points of the card's training selection. A card may list them
 * ({@code held-out}, and {@code test} or {@code untouched}, at the top level or in {@code training}); otherwise
 * the split is drawn again as the trainer drew it ({@link Split#random(int, double, double, long)} with the card's
 * {@code train-fraction}, {@code untouched-fraction} (0 when absent) and {@code split-seed}), which is only done
 * when the archive files have the card's checksums and the counts agree. Whatever cannot be established is left
 * {@link Role#UNKNOWN}, with a note saying why.
 */
public final class TrainingSplit {
    /** A point's part in training. */
    public enum Role {
        TRAINING,
        HELD_OUT,
        TEST,
        NOT_IN_TRAINING_DATA,
        UNKNOWN
    }

    private static final List<String> TEST_KEYS = List.of("test", "untouched");
    private static final String UNTOUCHED_FRACTION = "untouched-fraction";

    private TrainingSplit() {}

    /**
     * Roles of the points of {@code data}.
     *
     * @param notes receives why roles are unknown, when they are
     */
    public static Role[] roles(FrozenModel model, QesArchive archive, QesDataset data, List<String> notes)
            throws IOException, DataFormatException {
        Role[] roles = new Role[data.size()];
        Arrays.fill(roles, Role.UNKNOWN);
        if (model.card().isEmpty()) {
            return roles;
        }
        ModelCard card = model.card().get();
        Optional<Selection> trained = ReportSelection.trainingSelection(card);
        if (trained.isEmpty()) {
            notes.add("training and held-out points are not marked: the model card does not record its selection in a"
                    + " form this version reads");
            return roles;
        }
        QesDataset training = trained.get().equals(data.selection()) ? data : archive.load(trained.get());
        Optional<String> mismatch = dataMismatch(card, training);
        if (mismatch.isPresent()) {
            notes.add("training and held-out points are not marked: " + mismatch.get());
            return roles;
        }
        JsonNode json = model.cardJson().orElseThrow();
        Optional<int[]> heldOut = indexList(json, List.of("held-out"));
        Optional<int[]> test = indexList(json, TEST_KEYS);
        double untouched = card.training().get(UNTOUCHED_FRACTION) instanceof Number u ? u.doubleValue() : 0;
        if (heldOut.isPresent() && test.isEmpty() && untouched > 0) {
            notes.add("training and held-out points are not marked: the card lists its held-out points but not its"
                    + " untouched ones (" + UNTOUCHED_FRACTION + " = " + untouched + ")");
            return roles;
        }
        if (heldOut.isEmpty()) {
            if (!(card.training().get("train-fraction") instanceof Number fraction)
                    || !(card.training().get("split-seed") instanceof Number seed)) {
                notes.add("training and held-out points are not marked: the card records neither the held-out points"
                        + " nor train-fraction and split-seed");
                return roles;
            }
            Split split = Split.random(training.size(), fraction.doubleValue(), untouched, seed.longValue());
            heldOut = Optional.of(split.test());
            test = Optional.of(split.untouched());
            Object expected = card.training().get("points-held-out");
            if (expected instanceof Number count && count.intValue() != split.test().length) {
                notes.add("training and held-out points are not marked: drawing the split again gives "
                        + split.test().length + " held-out points, the card says " + count);
                return roles;
            }
        }
        Role[] trainingRoles = new Role[training.size()];
        Arrays.fill(trainingRoles, Role.TRAINING);
        if (!mark(heldOut.get(), Role.HELD_OUT, trainingRoles, notes)
                || !mark(test.orElse(new int[0]), Role.TEST, trainingRoles, notes)) {
            return roles;
        }
        Map<String, Role> byPoint = new HashMap<>();
        for (int i = 0; i < trainingRoles.length; i++) {
            byPoint.put(id(training.points().get(i)), trainingRoles[i]);
        }
        for (int i = 0; i < roles.length; i++) {
            roles[i] = byPoint.getOrDefault(id(data.points().get(i)), Role.NOT_IN_TRAINING_DATA);
        }
        return roles;
    }

    private static boolean mark(int[] indices, Role role, Role[] trainingRoles, List<String> notes) {
        for (int i : indices) {
            if (i < 0 || i >= trainingRoles.length) {
                notes.add("training and held-out points are not marked: the card lists point " + i + " of "
                        + trainingRoles.length);
                return false;
            }
            trainingRoles[i] = role;
        }
        return true;
    }

    /** A point's identity across selections: its file and line. */
    private static String id(DataPoint p) {
        return p.sourceFile() + ":" + p.line();
    }

    /** Why the indices of the card cannot refer to these points, if they cannot. */
    private static Optional<String> dataMismatch(ModelCard card, QesDataset training) {
        Set<String> loaded = new HashSet<>();
        training.files().forEach(f -> loaded.add(f.sha256()));
        for (ModelCard.DataFile f : card.data().files()) {
            if (!loaded.contains(f.sha256())) {
                return Optional.of("the archive's " + f.path() + " differs from the one the model was trained on"
                        + " (SHA-256 " + f.sha256() + " in the card)");
            }
        }
        if (card.data().pointsUsed() != training.size()) {
            return Optional.of("the training selection has " + training.size() + " points here, the card says "
                    + card.data().pointsUsed());
        }
        return Optional.empty();
    }

    /** The first of {@code keys} that is a list of integers, at the card's top level or in its training map. */
    private static Optional<int[]> indexList(JsonNode card, List<String> keys) {
        for (JsonNode where : List.of(card, card.path("training"))) {
            for (String key : keys) {
                JsonNode list = where.path(key);
                if (list.isArray()) {
                    List<Integer> values = new ArrayList<>();
                    list.forEach(v -> values.add(v.asInt()));
                    return Optional.of(
                            values.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
        return Optional.empty();
    }
}
