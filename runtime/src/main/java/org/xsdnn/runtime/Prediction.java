package org.xsdnn.runtime;

/**
 * Cross sections for n points, all in nb/(sr·GeV).
 *
 * @param mean σ averaged over the members, per point
 * @param std population standard deviation of σ over the members, per point (0 for one member)
 * @param perMember {@code perMember[m][i]} is σ of member m at point i
 */
public record Prediction(double[] mean, double[] std, double[][] perMember) {

    /** Mean and population standard deviation over the first index of {@code perMember[m][i]}. */
    public static Prediction fromMembers(double[][] perMember, int points) {
        double[] mean = new double[points];
        double[] std = new double[points];
        int members = perMember.length;
        for (int i = 0; i < points; i++) {
            double sum = 0;
            for (double[] sigma : perMember) {
                sum += sigma[i];
            }
            mean[i] = sum / members;
            double squares = 0;
            for (double[] sigma : perMember) {
                double d = sigma[i] - mean[i];
                squares += d * d;
            }
            std[i] = Math.sqrt(squares / members);
        }
        return new Prediction(mean, std, perMember);
    }
}
