package dev.fvd.datasets;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * Natural order of paths, component by component: runs of digits compare as numbers ({@code v2 < v10}), everything else by
 * code point, so the order is the same on every file system and locale. Equal numbers with different leading zeros fall back to
 * the plain string order, keeping the order total.
 */
final class NaturalOrder {
    static final Comparator<String> NAMES = NaturalOrder::compareNames;
    static final Comparator<Path> PATHS = NaturalOrder::comparePaths;

    private NaturalOrder() {
    }

    static int comparePaths(Path a, Path b) {
        int n = Math.min(a.getNameCount(), b.getNameCount());
        for (int i = 0; i < n; i++) {
            int c = compareNames(a.getName(i).toString(), b.getName(i).toString());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.getNameCount(), b.getNameCount());
    }

    static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && isDigit(b.charAt(ej))) {
                    ej++;
                }
                int si = i;
                while (si < ei - 1 && a.charAt(si) == '0') {
                    si++;
                }
                int sj = j;
                while (sj < ej - 1 && b.charAt(sj) == '0') {
                    sj++;
                }
                int c = Integer.compare(ei - si, ej - sj);
                if (c == 0) {
                    c = a.substring(si, ei).compareTo(b.substring(sj, ej));
                }
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
