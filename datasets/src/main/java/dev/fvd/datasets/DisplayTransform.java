package dev.fvd.datasets;

/**
 * The turn or flip that shows a video upright, decided from its display matrix exactly as the ffmpeg command line does by
 * default ({@code -autorotate}, on unless {@code -noautorotate}): FFmpeg {@code fftools/ffmpeg_filter.c},
 * {@code configure_input_video_filter}, with {@code get_rotation} of {@code fftools/cmdutils.c}
 * ({@code theta = -round(av_display_rotation_get(m))}, wrapped into [0, 360)):
 *
 * <ul>
 *   <li>θ ≈ 90: {@code transpose=cclock_flip} if {@code m[3] > 0}, else {@code transpose=clock};</li>
 *   <li>θ ≈ 180: {@code hflip} if {@code m[0] < 0}, then {@code vflip} if {@code m[4] < 0};</li>
 *   <li>θ ≈ 270: {@code transpose=clock_flip} if {@code m[3] < 0}, else {@code transpose=cclock};</li>
 *   <li>θ ≈ 0: {@code vflip} if {@code m[4] < 0};</li>
 *   <li>any other angle: the {@code rotate} filter, which resamples; not reproduced here (see {@link #of}).</li>
 * </ul>
 *
 * The transforms are those of FFmpeg's {@code vf_transpose.c} / {@code vf_hflip.c} / {@code vf_vflip.c}: whole-pixel moves, so
 * the result is bit-identical to the command line's.
 */
enum DisplayTransform {
    NONE("none", false),
    /** {@code transpose=clock}: out[y][x] = in[H-1-x][y]. */
    CLOCK("transpose=clock", true),
    /** {@code transpose=cclock}: out[y][x] = in[x][W-1-y]. */
    CCLOCK("transpose=cclock", true),
    /** {@code transpose=clock_flip}: out[y][x] = in[H-1-x][W-1-y]. */
    CLOCK_FLIP("transpose=clock_flip", true),
    /** {@code transpose=cclock_flip}: out[y][x] = in[x][y]. */
    CCLOCK_FLIP("transpose=cclock_flip", true),
    HFLIP("hflip", false),
    VFLIP("vflip", false),
    /** {@code hflip,vflip}: a half turn. */
    HFLIP_VFLIP("hflip,vflip", false);

    private final String filter;
    private final boolean transposes;

    DisplayTransform(String filter, boolean transposes) {
        this.filter = filter;
        this.transposes = transposes;
    }

    /** The ffmpeg filter chain the command line inserts, e.g. {@code transpose=clock}. */
    String filter() {
        return filter;
    }

    /** Whether width and height swap. */
    boolean transposes() {
        return transposes;
    }

    /**
     * θ of {@code get_rotation}: the display rotation in degrees, wrapped into [0, 360); NaN for a singular matrix (then, as in
     * FFmpeg, nothing is applied).
     */
    static double rotation(int[] m) {
        double s0 = Math.hypot(m[0] / 65536.0, m[3] / 65536.0);
        double s1 = Math.hypot(m[1] / 65536.0, m[4] / 65536.0);
        if (s0 == 0 || s1 == 0) {
            return Double.NaN;
        }
        // av_display_rotation_get returns -atan2(...) in degrees; get_rotation takes -round() of it (C round: half away from 0)
        double get = -Math.toDegrees(Math.atan2(m[1] / 65536.0 / s1, m[0] / 65536.0 / s0));
        double theta = -(Math.signum(get) * Math.floor(Math.abs(get) + 0.5));
        return theta - 360 * Math.floor(theta / 360 + 0.9 / 360);
    }

    /**
     * The transform for a display matrix (9 ints, 16.16 fixed point, as FFmpeg stores it), or {@code null} for an angle that is
     * not a multiple of 90° (the command line would resample it with its {@code rotate} filter).
     */
    static DisplayTransform of(int[] m) {
        double theta = rotation(m);
        if (Double.isNaN(theta)) {
            return NONE;
        }
        if (Math.abs(theta - 90) < 1.0) {
            return m[3] > 0 ? CCLOCK_FLIP : CLOCK;
        }
        if (Math.abs(theta - 180) < 1.0) {
            boolean h = m[0] < 0;
            boolean v = m[4] < 0;
            return h && v ? HFLIP_VFLIP : h ? HFLIP : v ? VFLIP : NONE;
        }
        if (Math.abs(theta - 270) < 1.0) {
            return m[3] < 0 ? CLOCK_FLIP : CCLOCK;
        }
        if (Math.abs(theta) > 1.0) {
            return null;
        }
        return m[4] < 0 ? VFLIP : NONE;
    }

    /** Applies this transform to a packed RGB24 frame of {@code height × width}; the result is {@code width × height} when it transposes. */
    byte[] apply(byte[] rgb, int height, int width) {
        if (this == NONE) {
            return rgb;
        }
        byte[] out = new byte[rgb.length];
        int outWidth = transposes ? height : width;
        int outHeight = transposes ? width : height;
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int sy;
                int sx;
                switch (this) {
                    case CLOCK -> { sy = height - 1 - x; sx = y; }
                    case CCLOCK -> { sy = x; sx = width - 1 - y; }
                    case CLOCK_FLIP -> { sy = height - 1 - x; sx = width - 1 - y; }
                    case CCLOCK_FLIP -> { sy = x; sx = y; }
                    case HFLIP -> { sy = y; sx = width - 1 - x; }
                    case VFLIP -> { sy = height - 1 - y; sx = x; }
                    default -> { sy = height - 1 - y; sx = width - 1 - x; }
                }
                System.arraycopy(rgb, (sy * width + sx) * 3, out, (y * outWidth + x) * 3, 3);
            }
        }
        return out;
    }
}
