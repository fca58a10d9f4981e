package org.xsdnn.data;

/**
 * One measured point of the QES archive.
 *
 * @param z proton number of the target
 * @param a mass number of the target
 * @param energyGeV beam energy E in GeV
 * @param thetaDeg scattering angle θ in degrees
 * @param omegaGeV energy transfer ω = E − E′ in GeV
 * @param sigma d²σ/(dΩ dω) per nucleus in nb/(sr·GeV)
 * @param error uncorrelated uncertainty of {@code sigma} in nb/(sr·GeV); for 9-column lines
 *     sqrt(stat² + syst²)
 * @param datasetKey the archive's citation key of the experiment, e.g. {@code Barreau:1983ht}
 * @param sourceFile name of the archive file the point was read from
 * @param line 1-based line number in {@code sourceFile}
 */
public record DataPoint(
        int z,
        int a,
        double energyGeV,
        double thetaDeg,
        double omegaGeV,
        double sigma,
        double error,
        String datasetKey,
        String sourceFile,
        int line) {}
