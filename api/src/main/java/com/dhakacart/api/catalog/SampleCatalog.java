package com.dhakacart.api.catalog;

import com.dhakacart.api.catalog.Products.NewProduct;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The original DhakaCart catalog (15 products in 8 categories), loaded on first start into an empty
 * database, and a generator of a large realistic catalog for load tests.
 */
@Component
class SampleCatalog implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SampleCatalog.class);

    static final List<NewProduct> ORIGINAL = List.of(
            product("Samsung Galaxy A54", "6.4\" Super AMOLED, 8GB RAM, 256GB, 5000mAh. স্যামসাং স্মার্টফোন", "35990", "Electronics", 25, "samsung-galaxy-a54"),
            product("HP Laptop 15s", "Intel Core i5 12th gen, 8GB RAM, 512GB SSD, 15.6\" FHD. এইচপি ল্যাপটপ", "62500", "Electronics", 12, "hp-laptop-15s"),
            product("Sony WH-1000XM5", "Wireless noise-cancelling headphones, 30 h battery. সনি হেডফোন", "42000", "Electronics", 15, "sony-wh-1000xm5"),
            product("Aarong Cotton Punjabi", "Hand-embroidered cotton punjabi for Eid. আড়ং পাঞ্জাবি", "3450", "Clothing", 40, "aarong-punjabi"),
            product("Dhakai Jamdani Saree", "Handwoven Dhakai jamdani, half-silk. ঢাকাই জামদানি শাড়ি", "12500", "Clothing", 10, "jamdani-saree"),
            product("Nike Air Max 270", "Men's running shoes with Max Air cushioning. নাইকি জুতা", "14990", "Footwear", 20, "nike-air-max"),
            product("Miniket Rice 5 kg", "Premium polished miniket rice. মিনিকেট চাল ৫ কেজি", "420", "Groceries", 200, "miniket-rice-5kg"),
            product("Padma Hilsha Fish 1 kg", "Fresh river hilsha from the Padma. পদ্মার ইলিশ মাছ ১ কেজি", "1650", "Groceries", 30, "hilsha-fish-1kg"),
            product("Pran Frooto Mango Drink 1 L", "Mango fruit drink. প্রাণ ফ্রুটো আমের জুস", "95", "Beverages", 300, "pran-frooto"),
            product("Nescafe Classic 100 g", "Instant coffee jar. নেসক্যাফে কফি", "480", "Beverages", 120, "nescafe-classic"),
            product("Walton Refrigerator 252 L", "Frost-free double-door refrigerator. ওয়ালটন ফ্রিজ", "38990", "Home Appliances", 8, "walton-refrigerator"),
            product("Vision 43\" Smart LED TV", "Full HD Android smart TV. ভিশন টেলিভিশন", "32500", "Home Appliances", 9, "vision-43-tv"),
            product("Kashmir Willow Cricket Bat", "Full-size Kashmir willow bat. ক্রিকেট ব্যাট", "2200", "Sports", 35, "kashmir-willow-bat"),
            product("Adidas Football Size 5", "Machine-stitched match football. অ্যাডিডাস ফুটবল", "1850", "Sports", 50, "adidas-football"),
            product("Humayun Ahmed Collection", "Himu and Misir Ali novels, boxed set. হুমায়ূন আহমেদ রচনাসমগ্র", "2750", "Books", 25, "humayun-ahmed-collection"));

    /** Generated products show the sample picture of their category: every image_url then resolves. */
    private static final java.util.Map<String, String> PICTURE_BY_CATEGORY = java.util.Map.of(
            "Electronics", "/images/products/samsung-galaxy-a54.jpg",
            "Clothing", "/images/products/aarong-punjabi.jpg",
            "Footwear", "/images/products/nike-air-max.jpg",
            "Groceries", "/images/products/miniket-rice-5kg.jpg",
            "Beverages", "/images/products/pran-frooto.jpg",
            "Home Appliances", "/images/products/vision-43-tv.jpg",
            "Sports", "/images/products/adidas-football.jpg",
            "Books", "/images/products/humayun-ahmed-collection.jpg");

    private final Products products;
    private final CatalogSettings settings;

    SampleCatalog(Products products, CatalogSettings settings) {
        this.products = products;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        long count = products.count();
        if (count == 0 && settings.loadSample()) {
            products.addAll(ORIGINAL);
            count = ORIGINAL.size();
            log.info("loaded the {} sample products", ORIGINAL.size());
        }
        if (settings.generateProducts() > count) {
            int missing = (int) (settings.generateProducts() - count);
            products.addAll(generate(missing, new Random(42)));
            log.info("generated {} products for a catalog of {}", missing, settings.generateProducts());
        }
    }

    /** Realistic products: brand + item + variant names, category-typical prices, Bangla descriptions. */
    static List<NewProduct> generate(int howMany, Random random) {
        String[][] families = {
                {"Electronics", "Samsung,Xiaomi,Walton,Symphony,Realme,Oppo", "Phone,Power Bank,Earbuds,Smart Watch,Tablet", "ইলেকট্রনিক্স", "1500", "90000"},
                {"Clothing", "Aarong,Yellow,Ecstasy,Le Reve,Sailor", "Punjabi,Saree,Kurti,Shirt,Panjabi Pajama", "পোশাক", "600", "15000"},
                {"Footwear", "Bata,Apex,Lotto,Nike,Adidas", "Sandal,Sneaker,Loafer,Running Shoe", "জুতা", "500", "16000"},
                {"Groceries", "ACI,Pran,Teer,Fresh,Radhuni", "Rice 5 kg,Lentils 1 kg,Soybean Oil 5 L,Sugar 1 kg,Spice Mix", "মুদি", "60", "1200"},
                {"Beverages", "Pran,Akij,Nescafe,Ispahani,Shezan", "Mango Juice,Tea 400 g,Coffee,Soft Drink 2 L", "পানীয়", "30", "900"},
                {"Home Appliances", "Walton,Vision,Singer,Jamuna,Minister", "Refrigerator,LED TV,Rice Cooker,Ceiling Fan,Blender", "গৃহস্থালি", "1200", "120000"},
                {"Sports", "Adidas,Nike,CA,SS,Yonex", "Football,Cricket Bat,Badminton Racket,Jersey", "খেলাধুলা", "300", "25000"},
                {"Books", "Anyaprokash,Prothoma,Ananya,Sheba", "Novel,Poetry Collection,Children's Book,History", "বই", "150", "4000"}};
        List<NewProduct> result = new ArrayList<>(howMany);
        for (int i = 0; i < howMany; i++) {
            String[] family = families[random.nextInt(families.length)];
            String[] brands = family[1].split(",");
            String[] items = family[2].split(",");
            String brand = brands[random.nextInt(brands.length)];
            String item = items[random.nextInt(items.length)];
            long min = Long.parseLong(family[4]);
            long max = Long.parseLong(family[5]);
            long price = min + (long) (random.nextDouble() * (max - min));
            price = Math.max(min, price / 10 * 10); // shops price in round taka
            result.add(new NewProduct(brand + " " + item + " #" + (i + 1),
                    brand + " " + item + " — " + family[3] + " (" + family[0] + ")",
                    BigDecimal.valueOf(price), family[0], 5 + random.nextInt(500),
                    PICTURE_BY_CATEGORY.get(family[0])));
        }
        return result;
    }

    private static NewProduct product(String name, String description, String price, String category, int stock,
                                      String slug) {
        return new NewProduct(name, description, new BigDecimal(price), category, stock,
                "/images/products/" + slug + ".jpg");
    }
}
