package ${package};

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Makes PNG thumbnails with the JDK alone ({@code javax.imageio}, {@code java.awt}): no native library, so the same
 * code runs on every platform. Reads what the JDK reads (PNG, JPEG, GIF, BMP, WBMP, TIFF).
 */
public final class Thumbnailer {

    static {
        // functions run without a display; headless AWT draws into memory only
        System.setProperty("java.awt.headless", "true");
    }

    private final int maxSize;

    /** @param maxSize the longest side of a thumbnail, in pixels */
    public Thumbnailer(int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("Thumbnail size is " + maxSize + ", perhaps you should use 1 or more");
        }
        this.maxSize = maxSize;
    }

    /**
     * @param image the image file's bytes
     * @return a PNG whose longest side is at most {@code maxSize} (never larger than the original), same aspect ratio
     * @throws IllegalArgumentException when the bytes are not an image the JDK can read
     */
    public byte[] thumbnail(byte[] image) {
        BufferedImage source;
        try {
            source = ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            throw new IllegalArgumentException("The object is not a readable image (" + e.getMessage()
                    + "), perhaps you should upload a PNG, JPEG, GIF or BMP file", e);
        }
        if (source == null) {
            throw new IllegalArgumentException("The object (" + image.length + " bytes) is not an image the JDK "
                    + "can read, perhaps you should upload a PNG, JPEG, GIF or BMP file");
        }
        double scale = Math.min(1.0, (double) maxSize / Math.max(source.getWidth(), source.getHeight()));
        int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
        int type = source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(target, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @return the key of the thumbnail of {@code key}: the same path with a {@code .png} extension */
    public static String thumbnailKey(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        String stem = dot > slash + 1 ? key.substring(0, dot) : key;
        return stem + ".png";
    }
}
