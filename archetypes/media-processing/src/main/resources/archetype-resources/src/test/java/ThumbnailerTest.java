package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ThumbnailerTest {

    @Test
    void shrinksToTheLongestSideKeepingAspectAndColours() throws Exception {
        byte[] png = new Thumbnailer(100).thumbnail(Images.halfRedHalfBlue(400, 200, "png"));

        BufferedImage thumb = Images.read(png);
        assertThat(thumb.getWidth()).isEqualTo(100);
        assertThat(thumb.getHeight()).isEqualTo(50);
        assertThat(new Color(thumb.getRGB(10, 25))).isEqualTo(Color.RED);
        assertThat(new Color(thumb.getRGB(90, 25))).isEqualTo(Color.BLUE);
    }

    @Test
    void readsJpegAndWritesPng() throws Exception {
        byte[] png = new Thumbnailer(64).thumbnail(Images.halfRedHalfBlue(300, 600, "jpg"));

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage thumb = Images.read(png);
        assertThat(thumb.getWidth()).isEqualTo(32);
        assertThat(thumb.getHeight()).isEqualTo(64);
    }

    @Test
    void neverEnlargesASmallImage() throws Exception {
        BufferedImage thumb = Images.read(new Thumbnailer(128).thumbnail(Images.halfRedHalfBlue(40, 10, "png")));
        assertThat(thumb.getWidth()).isEqualTo(40);
        assertThat(thumb.getHeight()).isEqualTo(10);
    }

    @Test
    void refusesWhatIsNotAnImage() {
        assertThatThrownBy(() -> new Thumbnailer(128).thumbnail("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an image")
                .hasMessageContaining("perhaps you should upload a PNG");
        assertThatThrownBy(() -> new Thumbnailer(0)).hasMessageContaining("Thumbnail size is 0");
    }

    @Test
    void thumbnailKeysKeepThePathAndEndInPng() {
        assertThat(Thumbnailer.thumbnailKey("images/cat.jpg")).isEqualTo("images/cat.png");
        assertThat(Thumbnailer.thumbnailKey("images/2026.11/cat")).isEqualTo("images/2026.11/cat.png");
        assertThat(Thumbnailer.thumbnailKey("images/.hidden")).isEqualTo("images/.hidden.png");
    }
}
