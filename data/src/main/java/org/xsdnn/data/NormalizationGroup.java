package org.xsdnn.data;

/**
 * A set of points that share one overall normalization factor λ in the χ² fit, with its prior
 * uncertainty Δλ.
 *
 * @param id stable name, {@code target/datasetKey} or {@code target/datasetKey/θdeg}, e.g.
 *     {@code Ca40/Williamson:1997/45.5deg}
 * @param target target name as in normalization.csv, e.g. {@code C12}
 * @param datasetKey the archive's citation key of the experiment
 * @param thetaDeg the angle this group is restricted to, or null when it covers every angle
 * @param uncertainty Δλ as a fraction, e.g. 0.02 for 2 %
 */
public record NormalizationGroup(String id, String target, String datasetKey, Double thetaDeg, double uncertainty) {}
