"""Malay: each director's voice, The Eye's words, and the forbidden words per director."""

FORBIDDEN = {
    "newtonian": ("magis", "sihir", "ajaib", "mimpi", "impian", "bercahaya", "berseri", "pijar"),
    "visionary": ("teknikal", "teknik", "tepat", "jitu", "kira", "hitung"),
    "minimalist": ("huru-hara", "kacau", "liar", "letupan", "meletup"),
    "provocateur": ("selamat", "konservatif", "tradisional", "lazim"),
}

GLOSSARY = {
    # colours (director/engines/eye/colour.py)
    "black": "hitam",
    "charcoal": "kelabu arang",
    "slate grey": "kelabu batu",
    "grey": "kelabu",
    "silver": "perak",
    "white": "putih",
    "ivory": "gading",
    "cream": "krim",
    "beige": "kuning air",
    "sand": "warna pasir",
    "tan": "perang muda",
    "brown": "coklat",
    "chocolate": "coklat pekat",
    "rust": "warna karat",
    "terracotta": "terakota",
    "amber": "ambar",
    "orange": "jingga",
    "gold": "emas",
    "mustard": "kuning mustard",
    "yellow": "kuning",
    "lime": "hijau limau",
    "olive": "hijau zaitun",
    "moss green": "hijau lumut",
    "green": "hijau",
    "forest green": "hijau hutan",
    "emerald": "hijau zamrud",
    "mint": "hijau pudina",
    "teal": "hijau kebiruan",
    "turquoise": "biru firus",
    "sky blue": "biru langit",
    "steel blue": "biru keluli",
    "blue": "biru",
    "navy": "biru tua",
    "indigo": "nila",
    "lavender": "ungu lavender",
    "violet": "ungu",
    "plum": "ungu plum",
    "magenta": "magenta",
    "pink": "merah jambu",
    "rose": "merah mawar",
    "crimson": "merah lembayung",
    "red": "merah",
    "maroon": "merah marun",
    "peach": "warna pic",
    "salmon": "warna salmon",
    "skin tone": "warna kulit",
    # moods
    "dramatic": "dramatik",
    "brooding": "muram",
    "flat": "mendatar",
    "hazy": "berkabus",
    "muted": "redup",
    "vibrant": "meriah",
    "electric": "menggetarkan",
    "airy": "lapang",
    "warm": "hangat",
    "cool": "sejuk",
    "calm": "tenang",
    "bold": "berani",
    # keywords
    "colourful": "berwarna-warni",
    "monochrome": "monokrom",
    "low-key": "bernada gelap",
    "high-key": "bernada cerah",
    "warm-toned": "bernada hangat",
    "cool-toned": "bernada sejuk",
    "textured": "bertekstur",
    "smooth": "licin",
    "dynamic": "dinamik",
    "spacious": "luas",
    "clear": "jelas",
    "crisp": "tajam",
    "soft": "lembut",
    "still": "pegun",
    "quiet": "sunyi",
    # compositions
    "minimal": "minimal",
    "symmetrical": "simetri",
    "centered": "berpusat",
    "rule-of-thirds": "petua sepertiga",
    "diagonal": "pepenjuru",
    "off-centre": "luar pusat",
    # tones of a focal point
    "bright": "cerah",
    "dark": "gelap",
}
FOCAL = "bentuk {colour} {tone}"
SEPARATOR = ", "

SHOTS = {"wide": "Syot lebar", "medium": "Syot sederhana", "close": "Syot dekat", "extreme-close": "Syot amat dekat"}
CAMERAS = {
    "static": "kamera pegun",
    "push-in": "tolakan masuk perlahan",
    "pull-out": "tarikan keluar yang mantap",
    "pan": "pan ke sisi",
    "tilt": "condong menegak",
}

LABELS = {
    "keywords": "Kata kunci: {}.",
    "direction": 'Arahan semakan: "{}".',
    "new_take": "Satu ambilan baharu.",
    "invariant": "Kekalkan rupa imej: palet {palette}, suasana {mood}, komposisi {composition}.",
    "grade": "Gred: ketepuan {saturation:.2f}, kontras {contrast:.2f}, kehangatan {warmth:+.2f}, "
    "kecerahan {brightness:.2f}.",
}

# What a reviewer's feedback asks for (director/intents.py), as people write it, everyday words included
# (sikit, lagi); matched as whole words.
INTENTS = {
    "closer": (
        "lebih dekat", "dekat lagi", "dekat sikit", "dekatkan", "lebih rapat", "rapat lagi", "rapat sikit", "rapatkan",
        "syot dekat", "terlalu jauh",
    ),
    "wider": (
        "lebih luas", "luas lagi", "luaskan", "lebih lebar", "lebarkan", "lebih jauh", "jauh sikit", "jauhkan",
        "undur ke belakang", "tunjuk lebih banyak", "tunjukkan lebih banyak", "syot lebar", "terlalu dekat",
        "terlalu rapat",
    ),
    "push_in": (
        "zum masuk", "zoom masuk", "zum dekat", "tolak masuk", "tolakan masuk", "dolly masuk", "kamera mara",
        "mara ke depan", "mara ke hadapan",
    ),
    "pull_out": (
        "zum keluar", "zoom keluar", "tarik keluar", "tarikan keluar", "dolly keluar", "kamera berundur",
        "kamera undur",
    ),
    "pan": (
        "pankan", "pan ke kiri", "pan ke kanan", "gerakan mendatar", "sorot mendatar", "sorot ke kiri",
        "sorot ke kanan", "gerak ke sisi",
    ),
    "tilt": (
        "condongkan", "condong ke atas", "condong ke bawah", "condong menegak", "gerakan menegak", "sorot menegak",
        "sorot ke atas", "sorot ke bawah", "kamera ke atas", "kamera ke bawah", "dongak",
    ),
    "static": (
        "statik", "kamera tetap", "kamera pegun", "pegun", "tanpa gerakan", "tiada gerakan", "tak bergerak",
        "tidak bergerak", "jangan gerak", "jangan bergerak", "kekal diam",
    ),
    "slower": (
        "lebih perlahan", "perlahan sikit", "perlahan lagi", "perlahankan", "lebih lambat", "lambat sikit", "lambatkan",
        "lebih lama", "lama sikit", "lamakan", "panjangkan", "slow sikit", "terlalu laju", "terlalu cepat",
        "terlalu pantas", "terburu-buru",
    ),
    "faster": (
        "lebih cepat", "cepat sikit", "cepat lagi", "cepatkan", "lebih laju", "laju sikit", "laju lagi", "lajukan",
        "lebih pantas", "pantaskan", "lebih pendek", "pendekkan", "lebih singkat", "singkatkan", "terlalu perlahan",
        "terlalu lambat", "terlalu lama", "meleret",
    ),
    "warmer": (
        "lebih hangat", "hangat sikit", "hangatkan", "rona hangat", "ton hangat", "warna hangat", "terlalu sejuk",
        "terlalu dingin",
    ),
    "cooler": (
        "lebih sejuk", "sejuk sikit", "sejukkan", "lebih dingin", "dinginkan", "rona sejuk", "ton sejuk", "warna sejuk",
        "terlalu hangat", "terlalu panas",
    ),
    "brighter": (
        "lebih cerah", "cerah sikit", "cerah lagi", "cerahkan", "lebih terang", "terang sikit", "tambah cahaya",
        "lebih banyak cahaya", "terlalu gelap", "terlalu malap",
    ),
    "darker": (
        "lebih gelap", "gelap sikit", "gelapkan", "lebih malap", "malapkan", "kurangkan cahaya", "terlalu terang",
        "terlalu cerah",
    ),
    "more_colour": (
        "lebih berwarna", "lebih banyak warna", "tambah warna", "lebih pekat", "warna lebih hidup", "lebih tepu",
        "terlalu pudar", "terlalu kusam",
    ),
    "less_colour": (
        "kurang warna", "kurangkan warna", "warna pudar", "lebih pudar", "pudarkan", "kurang tepu", "warna kusam",
        "lebih kusam", "warna lembut", "terlalu pekat", "terlalu berwarna",
    ),
    "more_contrast": (
        "lebih kontras", "kontras lebih tinggi", "tambah kontras", "tinggikan kontras", "kontras tinggi",
        "cahaya lebih keras", "terlalu rata",
    ),
    "less_contrast": (
        "kurang kontras", "kontras lebih rendah", "kurangkan kontras", "rendahkan kontras", "kontras rendah",
        "lebih lembut", "lebih rata", "terlalu keras", "kontras terlalu tinggi",
    ),
    "crossfade": (
        "resapan silang", "resap silang", "pudar silang", "peralihan pudar", "peralihan lebur", "pudar masuk",
        "pudar keluar", "larut masuk",
    ),
    "cut": ("potong terus", "potongan terus", "potongan keras", "potong sahaja", "terus potong", "tukar terus"),
}  # fmt: skip

# A rewrite says what changed, in the director's words: its opening, then the changes.
REVISED = {
    "default": "Disemak mengikut maklum balas",
    "newtonian": "Diukur semula mengikut maklum balas",
    "visionary": "Dirasai semula mengikut maklum balas",
    "minimalist": "Diperkemas mengikut maklum balas, selebihnya kekal",
    "provocateur": "Maklum balas didengar, dan kami tolak lebih jauh",
}
REVISION = ("{lead}: {changes}.", "{lead}.")
CHANGE_SEPARATOR = "; "
CHANGES = {
    "closer": "bingkai lebih rapat ({shot})",
    "wider": "bingkai lebih luas ({shot})",
    "camera": "kamera kini {camera}",
    "slower": "rentak lebih perlahan ({seconds} saat)",
    "faster": "rentak lebih pantas ({seconds} saat)",
    "crossfade": "masuk dengan resapan silang",
    "cut": "masuk dengan potongan terus",
    "warmer": "rona lebih hangat",
    "cooler": "rona lebih sejuk",
    "brighter": "imej lebih cerah",
    "darker": "imej lebih gelap",
    "more_colour": "warna lebih pekat",
    "less_colour": "warna lebih pudar",
    "more_contrast": "kontras lebih tinggi",
    "less_contrast": "kontras lebih lembut",
}

REGISTER = {
    "casual": {"warm": "Mesti awak suka yang ini!", "objective": "Ringkasnya:"},
    "professional": {"warm": "Dengan senang hati untuk anda:", "objective": "Cadangan:"},
    "formal": {"warm": "Dengan penuh hormat dan mesra, kami persembahkan:", "objective": "Cadangan rasmi:"},
}

PITCH = {
    "newtonian": {
        "vision": (
            "Tambat {focal}; jisimnya menentukan {dimension} setiap bingkai.",
            "Ukur bingkai {composition}, kemudian gerakkan {dimension} dari {focal}.",
        ),
        "safety": (
            "Nilai {colour} dan {colour2} kekal malar; geseran nyata, tiada hanyutan.",
            "Kunci nada {mood} dan geometri {composition} dalam setiap potongan.",
        ),
        "magic": (
            "Pada saat kelima momentum memuncak dan {focal} jelas dalam perincian {keyword}.",
            "Tolakan masuk yang terukur hingga halaju terbaca pada setiap permukaan {keyword}.",
        ),
        "scenes": (
            "Syot penetapan, bingkai {composition}: {focal} diam dalam ton {colour}.",
            "Momentum terbina; {focal} bergerak pada halaju yang terukur.",
            "Tolak masuk ke {focal} ketika jisimnya mengendap, {mood} dan tepat.",
        ),
        "dimension": {"physics": "halaju", "vibe": "jisim warna", "logic": "struktur"},
        "fallback": {
            "focal": "subjek",
            "colour": "neutral",
            "colour2": "bayang",
            "mood": "mantap",
            "keyword": "terukur",
            "composition": "terukur",
        },
    },
    "visionary": {
        "vision": (
            "Biar {colour} meresap ke dalam {colour2} hingga suasana {mood} bernafas dengan {dimension}.",
            "{focal} menjadi satu perasaan; cahaya berkumpul di situ, penuh {dimension}.",
        ),
        "safety": (
            "Kami jaga jantung {colour} dan bingkai {composition}, supaya emosi kekal jujur.",
            "Suasana {mood} tidak pernah putus; {colour} dan {colour2} menyimpan kenangan.",
        ),
        "magic": (
            "Di penghujung, cahaya tumpah dari {focal} dan warna-warna berbaur.",
            "Suasana menebal menjadi kabus {colour}; emosi tiba sebelum imejnya.",
        ),
        "scenes": (
            "Dekat pada {focal}, bermandi cahaya {colour}, {mood} dan perlahan.",
            "Suasana hanyut; {colour2} meresap melalui bingkai seperti kenangan.",
            "Tarik menjauh ketika cahaya terbuka menjadi ufuk yang {mood}.",
        ),
        "dimension": {"physics": "gerak", "vibe": "warna", "logic": "keheningan"},
        "fallback": {
            "focal": "jantung imej",
            "colour": "lembut",
            "colour2": "senja",
            "mood": "syahdu",
            "keyword": "terang",
            "composition": "terbuka",
        },
    },
    "minimalist": {
        "vision": (
            "Satu subjek: {focal}. Struktur dahulu, {dimension} kemudian, ruang di sekelilingnya.",
            "Ringkaskan kepada struktur {composition}; {focal} memegang {dimension}.",
        ),
        "safety": (
            "Palet tetap {colour} dan {colour2}; keseimbangan dan jidar tidak berganjak.",
            "Bingkai pegun, grid {composition}, nada {mood} dikekalkan. Tiada unsur tambahan.",
        ),
        "magic": (
            "Satu tolakan masuk yang perlahan: ruang mengecil, {focal} menjadi mesejnya.",
            "Bingkai terakhir menjadi struktur {keyword} yang murni. Kurang, tetapi lebih baik.",
        ),
        "scenes": (
            "Syot lebar, bingkai {composition} yang pegun; {focal} bersendirian dalam ruang {colour}.",
            "Tahan. Strukturnya jelas: {colour2} berlawanan {colour}, seimbang sempurna.",
            "Satu tolakan masuk perlahan ke {focal}. Selebihnya tidak bergerak.",
        ),
        "dimension": {"physics": "pergerakan", "vibe": "nada", "logic": "kejelasan"},
        "fallback": {
            "focal": "subjek",
            "colour": "neutral",
            "colour2": "putih",
            "mood": "tenang",
            "keyword": "bersih",
            "composition": "seimbang",
        },
    },
    "provocateur": {
        "vision": (
            "Gugat bingkai {composition}. {focal} meledak menjadi {dimension} semata-mata.",
            "Lupakan ketenangan {mood}: {focal} ialah satu tindakan radikal penuh {dimension}.",
        ),
        "safety": (
            "Peraturan dilanggar, bukan imejnya: palet {colour} dan {focal} kekal.",
            "Huru-hara pun perlu sauh: {colour}, bingkai {composition}, {focal}.",
        ),
        "magic": (
            "Zum mengejut tanpa diduga: {focal} berkecai menjadi serpihan {colour2}.",
            "Huru-hara memuncak pada saat kelima, kemudian potongan keras ke kesunyian {colour}.",
        ),
        "scenes": (
            "Hentak masuk ke {focal}; {colour} memenuhi lensa, {mood} dan bising.",
            "Senget dunia: bingkai terhuyung dan {colour2} membanjiri ufuk.",
            "Sentap keluar ketika {focal} berpusing menjauh. Pengakhiran tak terduga.",
        ),
        "dimension": {"physics": "gerakan", "vibe": "warna", "logic": "penentangan"},
        "fallback": {
            "focal": "subjek",
            "colour": "mentah",
            "colour2": "hitam",
            "mood": "gelisah",
            "keyword": "radikal",
            "composition": "retak",
        },
    },
}

STORY = {
    "newtonian": {
        "opening": "{shot} pada {subject}, {camera}. Jisim dibaca dahulu: bingkai menampung beratnya sementara "
        "momentum terkumpul dalam {palette}.",
        "middle": "{shot}, {camera}. Halaju membawa mata merentasi {subject}; momentum berpindah dengan bersih dari "
        "tepi ke tepi.",
        "closing": "{shot}, {camera}. Gerakan diperlahankan hingga berhenti; geseran meletakkan {subject} di "
        "kedudukan akhirnya, cahaya {mood}.",
        "style": "Gred yang dingin dan tepat: kontras terkawal, ton neutral-sejuk. Gerakan patuh pada momentum, "
        "jisim, geseran dan halaju.",
    },
    "visionary": {
        "opening": "{shot} pada {subject}, {camera}, hanyut ke dalam cahaya. Suasana bernafas dalam {palette}, "
        "{mood} dan perlahan.",
        "middle": "{shot}, {camera}. Cahaya berkumpul pada {subject} dan warna-warna berbaur: emosi yang murni.",
        "closing": "{shot}, {camera}, membiarkan suasana terbuka. {subject} larut dalam rasa {mood} yang berlarutan.",
        "style": "Gred yang puitis dan menyentuh: warna diangkat, cahaya hangat, kontras lembut. Suasana, rasa, "
        "cahaya dan emosi di hadapan.",
    },
    "minimalist": {
        "opening": "{shot} pada {subject}, {camera}. Ruang kosong membingkainya; keseimbangan dahulu, tiada yang "
        "berlebihan: hanya {palette}.",
        "middle": "{shot}, {camera}. Struktur yang bersih: {subject} duduk pada grid yang tenang dengan ruang untuk "
        "bernafas.",
        "closing": "{shot}, {camera}. Komposisi menjadi seimbang; ruang dan struktur berbicara seperti tipografi "
        "yang baik, {mood} dan hening.",
        "style": "Gred yang bersih dan minimal: warna terkawal, kontras sekata. Struktur, tipografi, keseimbangan "
        "dan ruang.",
    },
    "provocateur": {
        "opening": "{shot} dihentak ke {subject}, {camera}. Tak terduga sejak bingkai pertama: ganggu mata sebelum "
        "ia sempat melihat {palette}.",
        "middle": "{shot}, {camera}. Sudut radikal pada {subject}; biarkan sedikit huru-hara masuk dan pecahkan "
        "rentaknya.",
        "closing": "{shot}, {camera}. Rentak terakhir jatuh keras dan tak terduga: {subject} seperti tiada siapa "
        "pernah membingkainya, {mood} hingga akhir.",
        "style": "Gred yang berani dan kurang ajar: kontras dan warna lebih menggigit. Huru-hara, gangguan, tak "
        "terduga, radikal.",
    },
}

# The Studio Note (learning/studio_note.py) in this language, and each director's answer to it.
ADDRESS = {"casual": "awak", "professional": "anda", "formal": "anda"}
NOTE = {
    "dimensions": {"physics": "fizik", "vibe": "suasana", "logic": "logik"},
    "moves": {
        "static": "bingkai pegun",
        "pan": "pan ke sisi",
        "push-in": "tolakan masuk",
        "pull-out": "tarikan keluar",
        "tilt": "condong menegak",
    },
    "slow": " perlahan",
    "lean": "cenderung kepada {dimension}",
    "engine": "memilih penghasilan {engine}",
    "move": "suka {move}{slow}",
    "separator": ", ",
    "end": ".",
    "none": "Belum ada kecenderungan yang menonjol: terbuka kepada setiap pengarah.",
}
NOTE_REPLIES = {
    "newtonian": "Untuk citarasa yang cenderung kepada {dimension}, {word} diukur ke dalam setiap bingkai",
    "visionary": "Untuk citarasa yang cenderung kepada {dimension}, {word} bernafas dalam setiap bingkai",
    "minimalist": "Untuk citarasa yang cenderung kepada {dimension}: {word}, dan tidak lebih",
    "provocateur": "{you} cenderung kepada {dimension}? Maka {word} akan digugat, habis-habisan",
}
NOTE_ANSWERS = {
    "kept": "{lead}, dengan {move}{slow} yang {you} gemari.",
    "other": "{lead}; tiada {move}{slow} di sini, versi ini memotong dengan {own}.",
    "only_kept": "{lead}: versi ini memang ada.",
    "only_other": "{lead}: versi ini memotong dengan {own}.",
    "move_only": "Nota Studio {you} menggemari {move}{slow}",
    "end": ".",
}

# What The Eye recognised (director/engines/eye/detect.py) and where (describe.py), as the Lounge names them.
SUBJECTS = {"face": "wajah", "cat face": "muka kucing", "person": "orang", "text": "teks", "subject": "subjek"}
PLACES = {
    "centre": "tengah",
    "upper centre": "bahagian atas tengah",
    "lower centre": "bahagian bawah tengah",
    "left side": "sisi kiri",
    "right side": "sisi kanan",
    "upper left": "kiri atas",
    "upper right": "kanan atas",
    "lower left": "kiri bawah",
    "lower right": "kanan bawah",
}
FOCAL_AT = "{subject} di {place}"
QUOTED_WORDS = 'perkataan "{}"'
