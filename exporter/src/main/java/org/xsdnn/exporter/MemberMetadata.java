package org.xsdnn.exporter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.xsdnn.core.CardJson;
import org.xsdnn.core.MetadataKeys;
import org.xsdnn.core.ModelCard;

/**
 * The {@code xsdnn.*} metadata of one member file, taken from the model card, so a lone file describes itself.
 *
 * <p>Only what belongs to the member goes in: its own card entry, the training recipe, the data and the
 * contract, never the ensemble's name, date, metrics or other members. So the same member exported in a shard
 * and again in the assembled ensemble gives byte-identical files (git stores them once).
 */
public final class MemberMetadata {
    private MemberMetadata() {}

    /**
     * @param card the ensemble's card; the embedded copy keeps only this member's entry, without its checksum
     *     (a file cannot hold its own hash)
     * @param member index into {@code card.members()}
     */
    public static Map<String, String> of(ModelCard card, int member) {
        ModelCard.Target target = Objects.requireNonNull(card.target(), "model card has no target nucleus");
        ModelCard.Contract contract = Objects.requireNonNull(card.contract(), "model card has no contract");
        ModelCard.Member m = card.members().get(member);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(MetadataKeys.VERSION, String.valueOf(card.xsdnnVersion()));
        metadata.put(MetadataKeys.CONTRACT, contract.id());
        metadata.put(
                MetadataKeys.INPUT,
                "\"" + contract.inputName() + "\" float32 [N,5] = " + contract.featureOrder()
                        + "; E and omega in GeV, theta in degrees, Q2 = 2E(E - omega)(1 - cos theta) in GeV^2");
        metadata.put(MetadataKeys.FEATURE_ORDER, contract.featureOrder());
        metadata.put(MetadataKeys.OUTPUT, "\"" + contract.outputName() + "\" float32 [N,1] = r = sigmoid(last layer)");
        metadata.put(MetadataKeys.UNITS, contract.units());
        metadata.put(MetadataKeys.SIGMA, contract.sigmaFormula());
        metadata.put(MetadataKeys.TARGET_NAME, target.name());
        metadata.put(MetadataKeys.TARGET_Z, Integer.toString(target.protonNumber()));
        metadata.put(MetadataKeys.TARGET_A, Integer.toString(target.massNumber()));
        metadata.put(
                MetadataKeys.MEMBER_INDEX,
                Integer.toString(m.training() != null ? m.training().index() : member));
        metadata.put(MetadataKeys.MEMBER_SEED, Long.toString(m.seed()));
        metadata.put(MetadataKeys.MEMBER_LAMBDAS, CardJson.write(m.lambdas()));
        metadata.put(MetadataKeys.TRAINING, CardJson.write(card.training()));
        metadata.put(MetadataKeys.DATA, CardJson.write(card.data()));
        ModelCard own = new ModelCard(
                null,
                card.xsdnnVersion(),
                null,
                target,
                contract,
                List.of(m.withFile(m.file(), null)),
                card.training(),
                card.data(),
                Map.of(),
                card.domain(),
                null);
        metadata.put(MetadataKeys.CARD, CardJson.write(own));
        return metadata;
    }
}
