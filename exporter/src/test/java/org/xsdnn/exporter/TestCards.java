package org.xsdnn.exporter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xsdnn.core.ModelCard;

/** A filled-in model card for export tests. */
final class TestCards {
    private TestCards() {}

    /** A carbon card with {@code members} members, seeds 1000, 1001, …; files and checksums not yet set. */
    static ModelCard card(int members) {
        List<ModelCard.Member> list = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            list.add(new ModelCard.Member(
                    null,
                    null,
                    1000 + m,
                    Map.of("Barr1983", 0.98, "Day1993", 1.03),
                    1.1 + m,
                    new ModelCard.MemberTraining(m, 1.3 + m, 500, 800, 0, 60.0)));
        }
        ModelCard.Data data = new ModelCard.Data(
                List.of(new ModelCard.DataFile("qes/carbon.csv", "ab".repeat(32))),
                "carbon paper experiments",
                2500,
                3,
                157,
                Map.of("Barr1983", 100, "Day1993", 57));
        ModelCard.Domain domain = new ModelCard.Domain(
                new ModelCard.Range(0.16, 5.8), new ModelCard.Range(12, 145), new ModelCard.Range(0.01, 3.5));
        Map<String, Object> training = Map.of(
                "epochs",
                40000,
                "learning-rate",
                5e-4,
                "batch",
                256,
                "split",
                0.9,
                "cut-omega-gev",
                0.3,
                "seed",
                42,
                "dropout",
                0.0,
                "layers",
                "10x300");
        return new ModelCard(
                "carbon-a",
                "0.1.0",
                "2025-06-01T12:00:00Z",
                new ModelCard.Target("carbon-12", 6, 12),
                ModelCard.Contract.xsdnn1(),
                list,
                training,
                data,
                Map.of("held-out-chi2-per-point", 1.2),
                domain,
                "test card");
    }
}
