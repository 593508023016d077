// Draws the sample catalog's 15 product pictures (simple illustrations, made here, no outside images):
//   java scripts/draw-product-pictures.java [OUTPUT_DIR]
// Each product gets <slug>.jpg (320x240, what image_url names) and <slug>-640.jpg (640x480, for srcset).
// Re-run after changing a drawing and commit the JPEGs; the API ships them in its jar.

import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;

class DrawProductPictures {

    static final Color INK = new Color(0x2b2b2b);

    public static void main(String[] args) throws Exception {
        File out = new File(args.length > 0 ? args[0] : "api/src/main/resources/pictures/products");
        out.mkdirs();
        Map<String, Object[]> pictures = new LinkedHashMap<>();
        pictures.put("samsung-galaxy-a54", new Object[] {new Color(0xdbe9ff), (Consumer<Graphics2D>) DrawProductPictures::phone});
        pictures.put("hp-laptop-15s", new Object[] {new Color(0xdbe9ff), (Consumer<Graphics2D>) DrawProductPictures::laptop});
        pictures.put("sony-wh-1000xm5", new Object[] {new Color(0xdbe9ff), (Consumer<Graphics2D>) DrawProductPictures::headphones});
        pictures.put("aarong-punjabi", new Object[] {new Color(0xffe8d6), (Consumer<Graphics2D>) DrawProductPictures::punjabi});
        pictures.put("jamdani-saree", new Object[] {new Color(0xffe8d6), (Consumer<Graphics2D>) DrawProductPictures::saree});
        pictures.put("nike-air-max", new Object[] {new Color(0xe9e3ff), (Consumer<Graphics2D>) DrawProductPictures::shoe});
        pictures.put("miniket-rice-5kg", new Object[] {new Color(0xe5f5dc), (Consumer<Graphics2D>) DrawProductPictures::riceBag});
        pictures.put("hilsha-fish-1kg", new Object[] {new Color(0xe5f5dc), (Consumer<Graphics2D>) DrawProductPictures::fish});
        pictures.put("pran-frooto", new Object[] {new Color(0xfff3c4), (Consumer<Graphics2D>) DrawProductPictures::carton});
        pictures.put("nescafe-classic", new Object[] {new Color(0xfff3c4), (Consumer<Graphics2D>) DrawProductPictures::coffeeJar});
        pictures.put("walton-refrigerator", new Object[] {new Color(0xe0f2f1), (Consumer<Graphics2D>) DrawProductPictures::fridge});
        pictures.put("vision-43-tv", new Object[] {new Color(0xe0f2f1), (Consumer<Graphics2D>) DrawProductPictures::television});
        pictures.put("kashmir-willow-bat", new Object[] {new Color(0xdff3e6), (Consumer<Graphics2D>) DrawProductPictures::bat});
        pictures.put("adidas-football", new Object[] {new Color(0xdff3e6), (Consumer<Graphics2D>) DrawProductPictures::football});
        pictures.put("humayun-ahmed-collection", new Object[] {new Color(0xf6e7d8), (Consumer<Graphics2D>) DrawProductPictures::books});
        for (var entry : pictures.entrySet()) {
            @SuppressWarnings("unchecked")
            Consumer<Graphics2D> drawing = (Consumer<Graphics2D>) entry.getValue()[1];
            BufferedImage large = draw((Color) entry.getValue()[0], drawing, 640, 480);
            write(large, new File(out, entry.getKey() + "-640.jpg"));
            write(draw((Color) entry.getValue()[0], drawing, 320, 240), new File(out, entry.getKey() + ".jpg"));
        }
        System.out.println("drew " + pictures.size() + " pictures into " + out);
    }

    /** Every drawing is made on a 640x480 canvas and scaled, so both sizes show the same picture. */
    static BufferedImage draw(Color background, Consumer<Graphics2D> drawing, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(width / 640.0, height / 480.0);
        g.setPaint(new GradientPaint(0, 0, background.brighter(), 0, 480, background));
        g.fillRect(0, 0, 640, 480);
        g.setColor(new Color(0, 0, 0, 28));
        g.fill(new Ellipse2D.Double(170, 400, 300, 40)); // a shadow to stand on
        g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        drawing.accept(g);
        g.dispose();
        return image;
    }

    static void write(BufferedImage image, File file) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.82f);
        file.delete();
        try (FileImageOutputStream stream = new FileImageOutputStream(file)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    static void shape(Graphics2D g, Shape shape, Color fill) {
        g.setColor(fill);
        g.fill(shape);
        g.setColor(INK);
        g.draw(shape);
    }

    static void phone(Graphics2D g) {
        shape(g, new RoundRectangle2D.Double(235, 50, 170, 350, 40, 40), new Color(0x30343f));
        shape(g, new RoundRectangle2D.Double(250, 80, 140, 290, 16, 16), new Color(0x7fb3ff));
        g.setColor(new Color(0xffffff));
        g.fill(new Ellipse2D.Double(312, 60, 14, 14));
        g.setColor(new Color(0xffd166));
        g.fill(new Ellipse2D.Double(280, 150, 80, 80));
    }

    static void laptop(Graphics2D g) {
        shape(g, new RoundRectangle2D.Double(170, 90, 300, 200, 18, 18), new Color(0x3d4250));
        shape(g, new Rectangle2D.Double(188, 108, 264, 164), new Color(0x8ec5ff));
        Path2D base = new Path2D.Double();
        base.moveTo(130, 300); base.lineTo(510, 300); base.lineTo(540, 360); base.lineTo(100, 360); base.closePath();
        shape(g, base, new Color(0xb8bec9));
        shape(g, new RoundRectangle2D.Double(280, 320, 80, 20, 8, 8), new Color(0x9aa1ad));
    }

    static void headphones(Graphics2D g) {
        g.setColor(INK);
        g.setStroke(new BasicStroke(26, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Arc2D.Double(190, 70, 260, 280, 0, 180, Arc2D.OPEN));
        g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        shape(g, new RoundRectangle2D.Double(160, 200, 80, 150, 40, 40), new Color(0x4a4f5c));
        shape(g, new RoundRectangle2D.Double(400, 200, 80, 150, 40, 40), new Color(0x4a4f5c));
    }

    static void punjabi(Graphics2D g) {
        Path2D kurta = new Path2D.Double();
        kurta.moveTo(270, 60); kurta.lineTo(370, 60); kurta.lineTo(470, 110); kurta.lineTo(440, 190);
        kurta.lineTo(400, 170); kurta.lineTo(410, 410); kurta.lineTo(230, 410); kurta.lineTo(240, 170);
        kurta.lineTo(200, 190); kurta.lineTo(170, 110); kurta.closePath();
        shape(g, kurta, new Color(0xf4f1e8));
        g.setColor(new Color(0xc0392b));
        g.draw(new Line2D.Double(320, 70, 320, 200));
        for (int y = 90; y < 200; y += 28) {
            g.fill(new Ellipse2D.Double(313, y, 14, 14));
        }
    }

    static void saree(Graphics2D g) {
        shape(g, new RoundRectangle2D.Double(150, 120, 340, 240, 20, 20), new Color(0xd94f70));
        g.setColor(new Color(0xf6d365));
        g.fill(new Rectangle2D.Double(150, 320, 340, 26));
        for (int x = 180; x < 480; x += 50) {
            for (int y = 150; y < 300; y += 50) {
                Path2D motif = new Path2D.Double();
                motif.moveTo(x, y - 12); motif.lineTo(x + 12, y); motif.lineTo(x, y + 12); motif.lineTo(x - 12, y); motif.closePath();
                g.fill(motif);
            }
        }
    }

    static void shoe(Graphics2D g) {
        Path2D upper = new Path2D.Double();
        upper.moveTo(150, 330); upper.curveTo(150, 230, 220, 200, 270, 200); upper.lineTo(330, 250);
        upper.curveTo(400, 270, 480, 280, 500, 330); upper.closePath();
        shape(g, upper, new Color(0x5b7cfa));
        shape(g, new RoundRectangle2D.Double(140, 320, 370, 50, 30, 30), new Color(0xffffff));
        g.setColor(new Color(0xff6b6b));
        g.fill(new Ellipse2D.Double(180, 330, 90, 30));
        g.setColor(INK);
        g.draw(new QuadCurve2D.Double(300, 280, 360, 240, 420, 300));
    }

    static void riceBag(Graphics2D g) {
        Path2D bag = new Path2D.Double();
        bag.moveTo(220, 90); bag.lineTo(420, 90); bag.curveTo(450, 200, 450, 330, 430, 400);
        bag.lineTo(210, 400); bag.curveTo(190, 330, 190, 200, 220, 90); bag.closePath();
        shape(g, bag, new Color(0xf7f3e3));
        shape(g, new RoundRectangle2D.Double(250, 190, 140, 110, 16, 16), new Color(0x43a047));
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 44));
        g.drawString("5 kg", 272, 262);
    }

    static void fish(Graphics2D g) {
        Path2D body = new Path2D.Double();
        body.moveTo(130, 250); body.curveTo(220, 150, 400, 150, 470, 250);
        body.curveTo(400, 340, 220, 340, 130, 250); body.closePath();
        shape(g, body, new Color(0xc9d6df));
        Path2D tail = new Path2D.Double();
        tail.moveTo(460, 250); tail.lineTo(540, 190); tail.lineTo(540, 310); tail.closePath();
        shape(g, tail, new Color(0xa7b8c6));
        g.setColor(INK);
        g.fill(new Ellipse2D.Double(180, 225, 18, 18));
        g.draw(new Arc2D.Double(220, 200, 60, 100, 300, 120, Arc2D.OPEN));
    }

    static void carton(Graphics2D g) {
        shape(g, new Rectangle2D.Double(240, 120, 160, 280), new Color(0xffb300));
        Path2D top = new Path2D.Double();
        top.moveTo(240, 120); top.lineTo(320, 60); top.lineTo(400, 120); top.closePath();
        shape(g, top, new Color(0xffca28));
        g.setColor(new Color(0xff8f00));
        g.fill(new Ellipse2D.Double(270, 220, 100, 120));
        g.setColor(new Color(0x43a047));
        g.fill(new Ellipse2D.Double(320, 200, 40, 24));
    }

    static void coffeeJar(Graphics2D g) {
        shape(g, new RoundRectangle2D.Double(230, 140, 180, 260, 30, 30), new Color(0x6d4c41));
        shape(g, new RoundRectangle2D.Double(240, 100, 160, 50, 12, 12), new Color(0xd32f2f));
        shape(g, new Rectangle2D.Double(250, 220, 140, 100), new Color(0xfff8e1));
        g.setColor(new Color(0x6d4c41));
        g.fill(new Ellipse2D.Double(295, 245, 50, 50));
    }

    static void fridge(Graphics2D g) {
        shape(g, new RoundRectangle2D.Double(230, 40, 180, 370, 20, 20), new Color(0xeceff1));
        g.setColor(INK);
        g.draw(new Line2D.Double(230, 170, 410, 170));
        g.setStroke(new BasicStroke(12, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(385, 90, 385, 140));
        g.draw(new Line2D.Double(385, 200, 385, 280));
    }

    static void television(Graphics2D g) {
        shape(g, new RoundRectangle2D.Double(110, 70, 420, 260, 14, 14), new Color(0x263238));
        shape(g, new Rectangle2D.Double(128, 88, 384, 224), new Color(0x4fc3f7));
        g.setColor(new Color(0x81c784));
        Path2D hills = new Path2D.Double();
        hills.moveTo(128, 312); hills.curveTo(220, 210, 300, 260, 380, 230); hills.curveTo(440, 210, 480, 250, 512, 240);
        hills.lineTo(512, 312); hills.closePath();
        g.fill(hills);
        shape(g, new Rectangle2D.Double(300, 330, 40, 50), new Color(0x37474f));
        shape(g, new RoundRectangle2D.Double(230, 378, 180, 18, 8, 8), new Color(0x37474f));
    }

    static void bat(Graphics2D g) {
        AffineTransform saved = g.getTransform();
        g.rotate(Math.toRadians(-30), 320, 240);
        shape(g, new RoundRectangle2D.Double(290, 150, 60, 260, 24, 24), new Color(0xf3d9a4));
        shape(g, new RoundRectangle2D.Double(306, 40, 28, 120, 12, 12), new Color(0x1e88e5));
        g.setTransform(saved);
        shape(g, new Ellipse2D.Double(440, 320, 56, 56), new Color(0xc62828));
    }

    static void football(Graphics2D g) {
        shape(g, new Ellipse2D.Double(190, 90, 260, 260), Color.WHITE);
        g.setColor(INK);
        Path2D pentagon = new Path2D.Double();
        for (int i = 0; i < 5; i++) {
            double a = Math.toRadians(-90 + i * 72);
            double x = 320 + 45 * Math.cos(a);
            double y = 220 + 45 * Math.sin(a);
            if (i == 0) pentagon.moveTo(x, y); else pentagon.lineTo(x, y);
        }
        pentagon.closePath();
        g.fill(pentagon);
        for (int i = 0; i < 5; i++) {
            double a = Math.toRadians(-90 + i * 72);
            g.draw(new Line2D.Double(320 + 45 * Math.cos(a), 220 + 45 * Math.sin(a),
                    320 + 110 * Math.cos(a), 220 + 110 * Math.sin(a)));
        }
    }

    static void books(Graphics2D g) {
        Color[] covers = {new Color(0x8e24aa), new Color(0x00897b), new Color(0xf4511e), new Color(0x3949ab)};
        for (int i = 0; i < covers.length; i++) {
            shape(g, new Rectangle2D.Double(190 + i * 70, 110, 60, 290), covers[i]);
            g.setColor(new Color(0xffffff));
            g.fill(new Rectangle2D.Double(200 + i * 70, 150, 40, 8));
            g.fill(new Rectangle2D.Double(200 + i * 70, 340, 40, 8));
        }
    }
}
