package org.xsdnn.report;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;

/** Charts as opaque RGB images (smaller PNGs than ARGB), and their thumbnails. */
final class ChartImages {
    private ChartImages() {}

    static BufferedImage draw(JFreeChart chart, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.draw(g, new Rectangle(width, height));
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * {@code image} scaled down to {@code width} (aspect kept), by halving while that is still more than twice
     * the target: one bilinear step from far above skips pixels and aliases thin lines.
     */
    static BufferedImage thumbnail(BufferedImage image, int width) {
        BufferedImage current = image;
        int w = image.getWidth();
        int h = image.getHeight();
        int targetHeight = Math.max(1, Math.round((float) h * width / w));
        while (w / 2 >= width) {
            w /= 2;
            h /= 2;
            current = scaled(current, w, h);
        }
        return w == width ? current : scaled(current, width, targetHeight);
    }

    private static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
