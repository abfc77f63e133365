"""Traditional Chinese (Taiwan): each director's voice, The Eye's words, and the forbidden words per director."""

FORBIDDEN = {
    "newtonian": ("魔法", "魔力", "魔幻", "神奇", "奇幻", "夢", "光暈", "發光", "輝光", "微光"),
    "visionary": ("技術", "技巧", "精確", "精準", "精密", "計算"),
    "minimalist": ("混亂", "混沌", "狂野", "野性", "爆炸", "爆裂", "炸裂"),
    "provocateur": ("安全", "穩妥", "保守", "傳統", "守舊"),
}

GLOSSARY = {
    # colours (director/engines/eye/colour.py)
    "black": "黑色",
    "charcoal": "炭灰色",
    "slate grey": "石板灰",
    "grey": "灰色",
    "silver": "銀色",
    "white": "白色",
    "ivory": "象牙白",
    "cream": "奶油色",
    "beige": "米色",
    "sand": "沙色",
    "tan": "淺棕色",
    "brown": "棕色",
    "chocolate": "巧克力色",
    "rust": "鐵鏽紅",
    "terracotta": "赤陶色",
    "amber": "琥珀色",
    "orange": "橙色",
    "gold": "金色",
    "mustard": "芥末黃",
    "yellow": "黃色",
    "lime": "青檸綠",
    "olive": "橄欖綠",
    "moss green": "苔蘚綠",
    "green": "綠色",
    "forest green": "森林綠",
    "emerald": "祖母綠",
    "mint": "薄荷綠",
    "teal": "藍綠色",
    "turquoise": "綠松石色",
    "sky blue": "天藍色",
    "steel blue": "鋼藍色",
    "blue": "藍色",
    "navy": "藏青色",
    "indigo": "靛藍色",
    "lavender": "薰衣草紫",
    "violet": "紫羅蘭色",
    "plum": "梅子紫",
    "magenta": "洋紅色",
    "pink": "粉色",
    "rose": "玫瑰色",
    "crimson": "緋紅色",
    "red": "紅色",
    "maroon": "酒紅色",
    "peach": "桃色",
    "salmon": "鮭魚色",
    "skin tone": "膚色",
    # moods
    "dramatic": "戲劇化",
    "brooding": "深沉",
    "flat": "平淡",
    "hazy": "朦朧",
    "muted": "低調",
    "vibrant": "鮮活",
    "electric": "強烈",
    "airy": "通透",
    "warm": "溫暖",
    "cool": "清冷",
    "calm": "平靜",
    "bold": "大膽",
    # keywords
    "colourful": "多彩",
    "monochrome": "單色",
    "low-key": "暗調",
    "high-key": "亮調",
    "warm-toned": "暖色調",
    "cool-toned": "冷色調",
    "textured": "富有質感",
    "smooth": "平滑",
    "dynamic": "動感",
    "spacious": "開闊",
    "clear": "清晰",
    "crisp": "銳利",
    "soft": "柔和",
    "still": "靜止",
    "quiet": "安靜",
    # compositions
    "minimal": "極簡",
    "symmetrical": "對稱",
    "centered": "居中",
    "rule-of-thirds": "三分法",
    "diagonal": "對角線",
    "off-centre": "偏離中心",
    # tones of a focal point
    "bright": "明亮的",
    "dark": "深",
}
FOCAL = "{tone}{colour}主體"
SEPARATOR = "、"

SHOTS = {"wide": "遠景", "medium": "中景", "close": "特寫", "extreme-close": "大特寫"}
CAMERAS = {"static": "機位固定", "push-in": "緩慢推近", "pull-out": "平穩拉遠", "pan": "橫向搖鏡", "tilt": "垂直搖鏡"}

LABELS = {
    "keywords": "關鍵字：{}。",
    "direction": "審閱意見：「{}」。",
    "new_take": "換一種拍法。",
    "invariant": "保留畫面原貌：{palette}色調，{mood}氛圍，{composition}構圖。",
    "grade": "調色：飽和度 {saturation:.2f}，對比度 {contrast:.2f}，色溫 {warmth:+.2f}，亮度 {brightness:.2f}。",
}

# What a reviewer's feedback asks for (director/intents.py), as people write it; matched inside longer text.
INTENTS = {
    "closer": (
        "近一點", "近一些", "近些", "近點", "再近", "更近", "湊近", "拉近", "緊一點", "緊一些", "收緊", "特寫", "太遠",
    ),
    "wider": (
        "遠一點", "遠一些", "遠些", "遠點", "再遠", "更遠", "寬一點", "寬一些", "更寬", "廣一點", "更廣", "全景",
        "遠景", "往後退", "退後", "後退", "多拍一點", "拍多一點", "露出更多", "太近", "太擠",
    ),
    "push_in": ("推近", "推鏡頭", "鏡頭推", "往前推", "慢慢推", "推上去", "放大"),
    "pull_out": ("拉遠", "拉出", "後拉", "往後拉", "縮小"),
    "pan": ("橫搖", "橫向搖", "左右搖", "水平搖", "搖過去", "平移", "橫移", "左右移"),
    "tilt": ("豎搖", "縱搖", "上下搖", "垂直搖", "俯仰", "上搖", "下搖", "往上搖", "往下搖"),
    "static": (
        "固定機位", "機位固定", "固定鏡頭", "鏡頭固定", "鏡頭別動", "鏡頭不動", "不要運鏡", "別運鏡", "不要動", "別動",
        "不動", "靜止鏡頭", "保持靜止", "定住", "定鏡",
    ),
    "slower": (
        "慢一點", "慢一些", "慢些", "慢點", "再慢", "更慢", "放慢", "慢下來", "長一點", "長一些", "久一點", "延長",
        "拉長", "太快", "太趕", "太急",
    ),
    "faster": (
        "快一點", "快一些", "快些", "快點", "再快", "更快", "加快", "提速", "短一點", "短一些", "縮短", "節奏緊湊",
        "緊湊一點", "乾脆俐落", "太慢", "太拖", "拖沓",
    ),
    "warmer": (
        "暖一點", "暖一些", "暖些", "再暖", "更暖", "偏暖", "暖色調", "暖調", "加暖", "溫暖一點", "溫暖些", "更溫暖",
        "太冷", "太冰",
    ),
    "cooler": ("冷一點", "冷一些", "冷些", "再冷", "更冷", "偏冷", "冷色調", "冷調", "降溫", "清冷一點", "太暖"),
    "brighter": (
        "亮一點", "亮一些", "亮些", "再亮", "更亮", "調亮", "提亮", "明亮一點", "更明亮", "加光", "補光", "太暗",
        "太黑",
    ),
    "darker": ("暗一點", "暗一些", "暗些", "再暗", "更暗", "調暗", "壓暗", "暗下來", "太亮", "過曝"),
    "more_colour": (
        "更鮮豔", "鮮豔一點", "鮮豔些", "豔一點", "更豔", "色彩濃", "顏色濃", "濃一點", "更濃", "飽和度高", "提高飽和",
        "增加飽和", "加飽和", "更飽和", "高飽和", "色彩豐富", "太灰", "太素",
    ),
    "less_colour": (
        "降低飽和", "減少飽和", "飽和度低", "低飽和", "去飽和", "淡一點", "淡一些", "淡些", "更淡", "素一點", "素雅",
        "褪色", "太豔", "太鮮豔", "太花",
    ),
    "more_contrast": (
        "對比強", "對比度高", "提高對比", "增加對比", "加強對比", "加大對比", "對比更強", "對比大", "反差大", "反差強",
        "加大反差", "硬光", "光更硬", "對比太弱", "反差太小",
    ),
    "less_contrast": (
        "對比弱", "對比度低", "降低對比", "減少對比", "減弱對比", "對比小", "反差小", "柔和一點", "柔和些", "更柔和",
        "柔一點", "柔光", "軟一點", "太硬", "太刺眼", "對比太強", "反差太大",
    ),
    "crossfade": ("疊化", "溶接", "溶解", "交叉淡化", "淡入淡出", "淡入", "淡出", "漸變轉場", "柔和轉場", "過渡柔和"),
    "cut": ("硬切", "直接切", "直切", "切過去", "一刀切", "乾脆地切", "快切"),
}  # fmt: skip
# Words that hold an intent's phrase but ask for something else (calmer, happier, at every turn).
UNRELATED = ("更冷靜", "再冷靜", "更快樂", "再快樂", "太快樂", "動不動")

# A rewrite says what changed, in the director's words: its opening, then the changes.
REVISED = {
    "default": "已按審閱意見修改",
    "newtonian": "依審閱意見重新校準",
    "visionary": "順著審閱意見，重新感受這一幕",
    "minimalist": "依審閱意見調整，其餘不動",
    "provocateur": "聽了審閱意見，再推一把",
}
REVISION = ("{lead}：{changes}。", "{lead}。")
CHANGE_SEPARATOR = "；"
CHANGES = {
    "closer": "景別收緊為{shot}",
    "wider": "景別放寬為{shot}",
    "camera": "運鏡改為{camera}",
    "slower": "節奏放慢，時長 {seconds} 秒",
    "faster": "節奏加快，時長 {seconds} 秒",
    "crossfade": "以疊化轉入",
    "cut": "以硬切轉入",
    "warmer": "色溫更暖",
    "cooler": "色溫更冷",
    "brighter": "畫面更亮",
    "darker": "畫面更暗",
    "more_colour": "色彩更濃",
    "less_colour": "色彩更淡",
    "more_contrast": "對比更強",
    "less_contrast": "對比更柔和",
}

# The register line that opens a pitch: formality picks the form of address, warmth the feeling.
REGISTER = {
    "casual": {"warm": "這個你一定會喜歡：", "objective": "簡單說："},
    "professional": {"warm": "很高興為您構思：", "objective": "方案要點："},
    "formal": {"warm": "謹懷誠意，敬呈：", "objective": "正式提案："},
}

PITCH = {
    "newtonian": {
        "vision": (
            "錨定{focal}：它的質量決定每一幀的{dimension}。",
            "先測量{composition}畫面，再由{focal}驅動{dimension}。",
        ),
        "safety": (
            "{colour}與{colour2}的數值保持恆定；摩擦真實，零漂移。",
            "鎖定{mood}的基調與{composition}的幾何，每個鏡頭一致。",
        ),
        "magic": (
            "第五秒動量達到峰值，{focal}以{keyword}的細節定格。",
            "勻速推近，直到每個{keyword}的表面都讀得出速度。",
        ),
        "scenes": (
            "建立鏡頭：{composition}畫面，{focal}靜止於{colour}色調中。",
            "動量積累；{focal}以可測的速度移動。",
            "推近{focal}，其質量落定，{mood}而精確。",
        ),
        "dimension": {"physics": "速度", "vibe": "色彩質量", "logic": "結構"},
        "fallback": {
            "focal": "主體",
            "colour": "中性色",
            "colour2": "陰影",
            "mood": "穩定",
            "keyword": "可測",
            "composition": "精確",
        },
    },
    "visionary": {
        "vision": (
            "讓{colour}滲入{colour2}，直到{mood}的氛圍呼吸出{dimension}。",
            "{focal}化作一種感受；光停留在它的{dimension}之處。",
        ),
        "safety": (
            "我們守住{colour}的心跳與{composition}的畫面，讓情感始終真實。",
            "{mood}的情緒從不中斷；{colour}與{colour2}留住記憶。",
        ),
        "magic": ("結尾處，光從{focal}溢出，色彩彼此暈染。", "氛圍凝成{colour}的薄霧；情感先於畫面抵達。"),
        "scenes": (
            "特寫{focal}，沐浴在{colour}的光裡，{mood}而緩慢。",
            "氛圍流動；{colour2}像一段記憶滲過畫面。",
            "鏡頭拉遠，光展開成{mood}的地平線。",
        ),
        "dimension": {"physics": "律動", "vibe": "色彩", "logic": "靜謐"},
        "fallback": {
            "focal": "畫面的心",
            "colour": "柔和",
            "colour2": "暮色",
            "mood": "溫柔",
            "keyword": "明亮",
            "composition": "開闊",
        },
    },
    "minimalist": {
        "vision": (
            "只有{focal}。先有結構，再有{dimension}，四周留白。",
            "精簡為{composition}的結構；{focal}承載{dimension}。",
        ),
        "safety": (
            "固定的{colour}與{colour2}；平衡與留白始終不變。",
            "靜止畫面，{composition}網格，保持{mood}的色調，不加多餘元素。",
        ),
        "magic": ("一次緩慢推近：空間收緊，{focal}成為訊息本身。", "最後一幀歸於純粹的{keyword}結構。少，但更好。"),
        "scenes": (
            "遠景，靜止的{composition}畫面；{focal}獨處於{colour}的空間。",
            "停住。結構清晰：{colour2}對{colour}，完美平衡。",
            "緩慢推近{focal}，其餘一切不動。",
        ),
        "dimension": {"physics": "運動", "vibe": "色調", "logic": "清晰"},
        "fallback": {
            "focal": "主體",
            "colour": "中性色",
            "colour2": "白色",
            "mood": "安靜",
            "keyword": "簡潔",
            "composition": "平衡",
        },
    },
    "provocateur": {
        "vision": (
            "顛覆{composition}的畫面，{focal}迸發成純粹的{dimension}。",
            "忘掉{mood}的平靜：{focal}是一次激進的{dimension}宣言。",
        ),
        "safety": (
            "打破的是規則，不是畫面：{colour}色板和{focal}都留下。",
            "再瘋狂也要有錨點：{colour}、{composition}畫面、{focal}。",
        ),
        "magic": ("意外的急推：{focal}碎成{colour2}的碎片。", "混沌在第五秒達到頂點，然後硬切到{colour}的寂靜。"),
        "scenes": (
            "猛推到{focal}；{colour}填滿鏡頭，{mood}而喧鬧。",
            "世界傾斜：畫面一晃，{colour2}淹沒地平線。",
            "猛地拉出，{focal}旋轉遠去。意想不到的結尾。",
        ),
        "dimension": {"physics": "運動", "vibe": "色彩", "logic": "反叛"},
        "fallback": {
            "focal": "主體",
            "colour": "原始",
            "colour2": "黑色",
            "mood": "躁動",
            "keyword": "激進",
            "composition": "破碎",
        },
    },
}

STORY = {
    "newtonian": {
        "opening": "{shot}：{subject}，{camera}。先讀出質量：畫面承住重量，動量在{palette}中積蓄。",
        "middle": "{shot}，{camera}。速度帶著視線掠過{subject}；動量從一邊乾淨地傳到另一邊。",
        "closing": "{shot}，{camera}。運動減速至靜止；摩擦讓{subject}落到最終位置，光線{mood}。",
        "style": "冷靜、嚴謹的調色：對比克制，中性偏冷。運動遵循動量、質量、摩擦與速度。",
    },
    "visionary": {
        "opening": "{shot}：{subject}，{camera}，緩緩飄入光中。氛圍在{palette}裡呼吸，{mood}而舒緩。",
        "middle": "{shot}，{camera}。光在{subject}上匯聚，色彩彼此交融：純粹的情感。",
        "closing": "{shot}，{camera}，讓氛圍舒展開來。{subject}溶入一種久久不散的{mood}情緒。",
        "style": "詩意、動人的調色：色彩飽滿，光線溫暖，對比柔和。氛圍、情緒、光與情感為先。",
    },
    "minimalist": {
        "opening": "{shot}：{subject}，{camera}。留白為框；先求平衡，不加多餘：只有{palette}。",
        "middle": "{shot}，{camera}。結構乾淨：{subject}落在安靜的網格上，留有呼吸的空間。",
        "closing": "{shot}，{camera}。構圖歸於平衡；空間與結構像好的排版一樣說話，{mood}而沉靜。",
        "style": "乾淨、極簡的調色：色彩克制，對比均勻。結構、排版、平衡與空間。",
    },
    "provocateur": {
        "opening": "{shot}猛然砸向{subject}，{camera}。從第一幀就出人意料：在視線落到{palette}之前先顛覆它。",
        "middle": "{shot}，{camera}。以激進的角度看{subject}；放一點混沌進畫面，打亂節奏。",
        "closing": "{shot}，{camera}。最後一拍又重又意外：沒人這樣拍過的{subject}，{mood}到底。",
        "style": "大膽、不羈的調色：對比和色彩都更猛。混沌、顛覆、意外、激進。",
    },
}

# The Studio Note (learning/studio_note.py) in this language, and each director's answer to it.
ADDRESS = {"casual": "你", "professional": "您", "formal": "您"}
NOTE = {
    "dimensions": {"physics": "物理", "vibe": "氛圍", "logic": "邏輯"},
    "moves": {"static": "固定機位", "pan": "橫向搖鏡", "push-in": "推鏡", "pull-out": "拉鏡", "tilt": "垂直搖鏡"},
    "slow": "緩慢",
    "lean": "偏向{dimension}",
    "engine": "偏愛 {engine} 渲染",
    "move": "喜歡{slow}{move}",
    "separator": "，",
    "end": "。",
    "none": "暫無明顯偏好：每位導演都可以試試。",
}
NOTE_REPLIES = {
    "newtonian": "{you}的口味偏向{dimension}，每一格畫面都按{word}精確測量",
    "visionary": "{you}的口味偏向{dimension}，{word}在每一格畫面裡呼吸",
    "minimalist": "{you}的口味偏向{dimension}：{word}，僅此而已",
    "provocateur": "{you}偏向{dimension}？那就把{word}狠狠打亂",
}
NOTE_ANSWERS = {
    "kept": "{lead}，並配上{you}偏愛的{slow}{move}。",
    "other": "{lead}；這裡沒有{slow}{move}，這一版改用{own}。",
    "only_kept": "{lead}：這一版正好有。",
    "only_other": "{lead}：這一版改用{own}。",
    "move_only": "{you}的 Studio 筆記偏愛{slow}{move}",
    "end": "。",
}

# What The Eye recognised (director/engines/eye/detect.py) and where (describe.py), as the Lounge names them.
SUBJECTS = {"face": "人臉", "cat face": "貓臉", "person": "人物", "text": "文字", "subject": "主體"}
PLACES = {
    "centre": "畫面中央",
    "upper centre": "上方中央",
    "lower centre": "下方中央",
    "left side": "左側",
    "right side": "右側",
    "upper left": "左上方",
    "upper right": "右上方",
    "lower left": "左下方",
    "lower right": "右下方",
}
FOCAL_AT = "{place}的{subject}"
QUOTED_WORDS = "文字「{}」"
