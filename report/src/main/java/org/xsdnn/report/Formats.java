package org.xsdnn.report;

import java.util.Locale;

/** How the text and HTML outputs print each kind of figure; JSON keeps full precision. */
final class Formats {
    private Formats() {}

    static String chi2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    static String lambda(Double v) {
        return v == null ? "per angle" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String pull(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%+.2f", v);
    }
}
