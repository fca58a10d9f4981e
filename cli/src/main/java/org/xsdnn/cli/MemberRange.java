package org.xsdnn.cli;

import picocli.CommandLine;

/** Members m..n, inclusive, written "m-n" or "m". */
record MemberRange(int first, int last) {
    MemberRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("member range " + first + "-" + last + "; expected 0 <= m <= n");
        }
    }

    int count() {
        return last - first + 1;
    }

    static final class Converter implements CommandLine.ITypeConverter<MemberRange> {
        @Override
        public MemberRange convert(String text) {
            try {
                int dash = text.indexOf('-');
                if (dash < 0) {
                    int m = Integer.parseInt(text.trim());
                    return new MemberRange(m, m);
                }
                return new MemberRange(
                        Integer.parseInt(text.substring(0, dash).trim()),
                        Integer.parseInt(text.substring(dash + 1).trim()));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + text + "' is not a member range; expected m-n like 0-4, or one member like 3");
            } catch (IllegalArgumentException e) {
                // Numbers in the wrong order, or negative: the record says which; picocli would add the class name.
                throw new CommandLine.TypeConversionException("'" + text + "': " + e.getMessage() + ", like 0-4");
            }
        }
    }
}
