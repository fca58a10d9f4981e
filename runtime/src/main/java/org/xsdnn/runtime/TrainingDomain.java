package org.xsdnn.runtime;

import java.util.List;
import org.xsdnn.core.ModelCard;
import org.xsdnn.runtime.points.PointBatch;
import org.xsdnn.runtime.table.TableAxis;

/**
 * The kinematic range a model was trained on, from its card, as every command that scores asks about it: which
 * points lie inside ({@code score} flags the others) and which parts of a grid reach beyond it ({@code tabulate}
 * warns). A model without a card (NuWro layout) or a card without a domain limits nothing.
 */
public final class TrainingDomain {
    private final ModelCard.Domain domain; // null: no limits known

    private TrainingDomain(ModelCard.Domain domain) {
        this.domain = domain;
    }

    /** The domain of the opened model's card. */
    public static TrainingDomain of(Ensemble ensemble) {
        return new TrainingDomain(ensemble.card().map(ModelCard::domain).orElse(null));
    }

    /** Per point, whether it lies inside the training range. */
    public boolean[] contains(PointBatch points) {
        boolean[] in = new boolean[points.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = domain == null
                    || domain.contains(points.energyGeV()[i], points.thetaDeg()[i], points.omegaGeV()[i]);
        }
        return in;
    }

    /** The parts of the grid beyond the training range, in words ({@code E 0.1-3 GeV, trained on 0.16-5.8}). */
    public List<String> beyond(TableAxis energy, TableAxis theta, TableAxis omega) {
        return domain == null ? List.of() : domain.beyond(range(energy), range(theta), range(omega));
    }

    private static ModelCard.Range range(TableAxis axis) {
        return new ModelCard.Range(axis.min(), axis.max());
    }
}
