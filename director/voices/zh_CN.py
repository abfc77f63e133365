"""Simplified Chinese: each director's voice, The Eye's words, and the forbidden words per director."""

FORBIDDEN = {
    "newtonian": ("魔法", "魔力", "魔幻", "神奇", "奇幻", "梦", "光晕", "发光", "辉光", "微光"),
    "visionary": ("技术", "技巧", "精确", "精准", "精密", "计算"),
    "minimalist": ("混乱", "混沌", "狂野", "野性", "爆炸", "爆裂", "炸裂"),
    "provocateur": ("安全", "稳妥", "保守", "传统", "守旧"),
}

GLOSSARY = {
    # colours (director/engines/eye/colour.py)
    "black": "黑色",
    "charcoal": "炭灰色",
    "slate grey": "石板灰",
    "grey": "灰色",
    "silver": "银色",
    "white": "白色",
    "ivory": "象牙白",
    "cream": "奶油色",
    "beige": "米色",
    "sand": "沙色",
    "tan": "浅棕色",
    "brown": "棕色",
    "chocolate": "巧克力色",
    "rust": "铁锈红",
    "terracotta": "赤陶色",
    "amber": "琥珀色",
    "orange": "橙色",
    "gold": "金色",
    "mustard": "芥末黄",
    "yellow": "黄色",
    "lime": "青柠绿",
    "olive": "橄榄绿",
    "moss green": "苔藓绿",
    "green": "绿色",
    "forest green": "森林绿",
    "emerald": "祖母绿",
    "mint": "薄荷绿",
    "teal": "蓝绿色",
    "turquoise": "绿松石色",
    "sky blue": "天蓝色",
    "steel blue": "钢蓝色",
    "blue": "蓝色",
    "navy": "藏青色",
    "indigo": "靛蓝色",
    "lavender": "薰衣草紫",
    "violet": "紫罗兰色",
    "plum": "梅子紫",
    "magenta": "洋红色",
    "pink": "粉色",
    "rose": "玫瑰色",
    "crimson": "绯红色",
    "red": "红色",
    "maroon": "酒红色",
    "peach": "桃色",
    "salmon": "三文鱼色",
    "skin tone": "肤色",
    # moods
    "dramatic": "戏剧化",
    "brooding": "深沉",
    "flat": "平淡",
    "hazy": "朦胧",
    "muted": "低调",
    "vibrant": "鲜活",
    "electric": "强烈",
    "airy": "通透",
    "warm": "温暖",
    "cool": "清冷",
    "calm": "平静",
    "bold": "大胆",
    # keywords
    "colourful": "多彩",
    "monochrome": "单色",
    "low-key": "暗调",
    "high-key": "亮调",
    "warm-toned": "暖色调",
    "cool-toned": "冷色调",
    "textured": "富有质感",
    "smooth": "平滑",
    "dynamic": "动感",
    "spacious": "开阔",
    "clear": "清晰",
    "crisp": "锐利",
    "soft": "柔和",
    "still": "静止",
    "quiet": "安静",
    # compositions
    "minimal": "极简",
    "symmetrical": "对称",
    "centered": "居中",
    "rule-of-thirds": "三分法",
    "diagonal": "对角线",
    "off-centre": "偏离中心",
    # tones of a focal point
    "bright": "明亮的",
    "dark": "深",
}
FOCAL = "{tone}{colour}主体"
SEPARATOR = "、"

SHOTS = {"wide": "远景", "medium": "中景", "close": "特写", "extreme-close": "大特写"}
CAMERAS = {"static": "机位固定", "push-in": "缓慢推近", "pull-out": "平稳拉远", "pan": "横向摇镜", "tilt": "垂直摇镜"}

LABELS = {
    "keywords": "关键词：{}。",
    "direction": "审阅意见：“{}”。",
    "new_take": "换一种拍法。",
    "invariant": "保留画面原貌：{palette}色调，{mood}氛围，{composition}构图。",
    "grade": "调色：饱和度 {saturation:.2f}，对比度 {contrast:.2f}，色温 {warmth:+.2f}，亮度 {brightness:.2f}。",
}

# What a reviewer's feedback asks for (director/intents.py), as people write it; matched inside longer text.
INTENTS = {
    "closer": (
        "近一点", "近一些", "近些", "近点", "再近", "更近", "凑近", "拉近", "紧一点", "紧一些", "收紧", "特写", "太远",
    ),
    "wider": (
        "远一点", "远一些", "远些", "远点", "再远", "更远", "宽一点", "宽一些", "更宽", "广一点", "更广", "全景",
        "远景", "往后退", "退后", "后退", "多拍一点", "拍多一点", "露出更多", "太近", "太挤",
    ),
    "push_in": ("推近", "推镜头", "镜头推", "往前推", "慢慢推", "推上去", "放大"),
    "pull_out": ("拉远", "拉出", "后拉", "往后拉", "缩小"),
    "pan": ("横摇", "横向摇", "左右摇", "水平摇", "摇过去", "平移", "横移", "左右移"),
    "tilt": ("竖摇", "纵摇", "上下摇", "垂直摇", "俯仰", "上摇", "下摇", "往上摇", "往下摇"),
    "static": (
        "固定机位", "机位固定", "固定镜头", "镜头固定", "镜头别动", "镜头不动", "不要运镜", "别运镜", "不要动", "别动",
        "不动", "静止镜头", "保持静止", "定住", "定镜",
    ),
    "slower": (
        "慢一点", "慢一些", "慢些", "慢点", "再慢", "更慢", "放慢", "慢下来", "长一点", "长一些", "久一点", "延长",
        "拉长", "太快", "太赶", "太急",
    ),
    "faster": (
        "快一点", "快一些", "快些", "快点", "再快", "更快", "加快", "提速", "短一点", "短一些", "缩短", "节奏紧凑",
        "紧凑一点", "干脆利落", "太慢", "太拖", "拖沓",
    ),
    "warmer": (
        "暖一点", "暖一些", "暖些", "再暖", "更暖", "偏暖", "暖色调", "暖调", "加暖", "温暖一点", "温暖些", "更温暖",
        "太冷", "太冰",
    ),
    "cooler": ("冷一点", "冷一些", "冷些", "再冷", "更冷", "偏冷", "冷色调", "冷调", "降温", "清冷一点", "太暖"),
    "brighter": (
        "亮一点", "亮一些", "亮些", "再亮", "更亮", "调亮", "提亮", "明亮一点", "更明亮", "加光", "补光", "太暗",
        "太黑",
    ),
    "darker": ("暗一点", "暗一些", "暗些", "再暗", "更暗", "调暗", "压暗", "暗下来", "太亮", "过曝"),
    "more_colour": (
        "更鲜艳", "鲜艳一点", "鲜艳些", "艳一点", "更艳", "色彩浓", "颜色浓", "浓一点", "更浓", "饱和度高", "提高饱和",
        "增加饱和", "加饱和", "更饱和", "高饱和", "色彩丰富", "太灰", "太素",
    ),
    "less_colour": (
        "降低饱和", "减少饱和", "饱和度低", "低饱和", "去饱和", "淡一点", "淡一些", "淡些", "更淡", "素一点", "素雅",
        "褪色", "太艳", "太鲜艳", "太花",
    ),
    "more_contrast": (
        "对比强", "对比度高", "提高对比", "增加对比", "加强对比", "加大对比", "对比更强", "对比大", "反差大", "反差强",
        "加大反差", "硬光", "光更硬", "对比太弱", "反差太小",
    ),
    "less_contrast": (
        "对比弱", "对比度低", "降低对比", "减少对比", "减弱对比", "对比小", "反差小", "柔和一点", "柔和些", "更柔和",
        "柔一点", "柔光", "软一点", "太硬", "太刺眼", "对比太强", "反差太大",
    ),
    "crossfade": ("叠化", "溶解", "交叉淡化", "淡入淡出", "淡入", "淡出", "渐变转场", "柔和转场", "过渡柔和"),
    "cut": ("硬切", "直接切", "直切", "切过去", "一刀切", "干脆地切", "快切"),
}  # fmt: skip
# Words that hold an intent's phrase but ask for something else (calmer, happier, at every turn).
UNRELATED = ("更冷静", "再冷静", "更快乐", "再快乐", "太快乐", "动不动")

# A rewrite says what changed, in the director's words: its opening, then the changes.
REVISED = {
    "default": "已按审阅意见修改",
    "newtonian": "按审阅意见重新校准",
    "visionary": "顺着审阅意见，重新感受这一幕",
    "minimalist": "按审阅意见调整，其余不动",
    "provocateur": "听了审阅意见，再推一把",
}
REVISION = ("{lead}：{changes}。", "{lead}。")
CHANGE_SEPARATOR = "；"
CHANGES = {
    "closer": "景别收紧为{shot}",
    "wider": "景别放宽为{shot}",
    "camera": "运镜改为{camera}",
    "slower": "节奏放慢，时长 {seconds} 秒",
    "faster": "节奏加快，时长 {seconds} 秒",
    "crossfade": "以叠化转入",
    "cut": "以硬切转入",
    "warmer": "色温更暖",
    "cooler": "色温更冷",
    "brighter": "画面更亮",
    "darker": "画面更暗",
    "more_colour": "色彩更浓",
    "less_colour": "色彩更淡",
    "more_contrast": "对比更强",
    "less_contrast": "对比更柔和",
}

# The register line that opens a pitch: formality picks the form of address, warmth the feeling.
REGISTER = {
    "casual": {"warm": "这个你一定会喜欢：", "objective": "简单说："},
    "professional": {"warm": "很高兴为您构思：", "objective": "方案要点："},
    "formal": {"warm": "谨怀诚意，敬呈：", "objective": "正式提案："},
}

PITCH = {
    "newtonian": {
        "vision": (
            "锚定{focal}：它的质量决定每一帧的{dimension}。",
            "先测量{composition}画面，再由{focal}驱动{dimension}。",
        ),
        "safety": (
            "{colour}与{colour2}的数值保持恒定；摩擦真实，零漂移。",
            "锁定{mood}的基调与{composition}的几何，每个镜头一致。",
        ),
        "magic": (
            "第五秒动量达到峰值，{focal}以{keyword}的细节定格。",
            "匀速推近，直到每个{keyword}的表面都读得出速度。",
        ),
        "scenes": (
            "建立镜头：{composition}画面，{focal}静止于{colour}色调中。",
            "动量积累；{focal}以可测的速度移动。",
            "推近{focal}，其质量落定，{mood}而精确。",
        ),
        "dimension": {"physics": "速度", "vibe": "色彩质量", "logic": "结构"},
        "fallback": {
            "focal": "主体",
            "colour": "中性色",
            "colour2": "阴影",
            "mood": "稳定",
            "keyword": "可测",
            "composition": "精确",
        },
    },
    "visionary": {
        "vision": (
            "让{colour}渗入{colour2}，直到{mood}的氛围呼吸出{dimension}。",
            "{focal}化作一种感受；光停留在它的{dimension}之处。",
        ),
        "safety": (
            "我们守住{colour}的心跳与{composition}的画面，让情感始终真实。",
            "{mood}的情绪从不中断；{colour}与{colour2}留住记忆。",
        ),
        "magic": ("结尾处，光从{focal}溢出，色彩彼此晕染。", "氛围凝成{colour}的薄雾；情感先于画面抵达。"),
        "scenes": (
            "特写{focal}，沐浴在{colour}的光里，{mood}而缓慢。",
            "氛围流动；{colour2}像一段记忆渗过画面。",
            "镜头拉远，光展开成{mood}的地平线。",
        ),
        "dimension": {"physics": "律动", "vibe": "色彩", "logic": "静谧"},
        "fallback": {
            "focal": "画面的心",
            "colour": "柔和",
            "colour2": "暮色",
            "mood": "温柔",
            "keyword": "明亮",
            "composition": "开阔",
        },
    },
    "minimalist": {
        "vision": (
            "只有{focal}。先有结构，再有{dimension}，四周留白。",
            "精简为{composition}的结构；{focal}承载{dimension}。",
        ),
        "safety": (
            "固定的{colour}与{colour2}；平衡与留白始终不变。",
            "静止画面，{composition}网格，保持{mood}的色调，不加多余元素。",
        ),
        "magic": ("一次缓慢推近：空间收紧，{focal}成为信息本身。", "最后一帧归于纯粹的{keyword}结构。少，但更好。"),
        "scenes": (
            "远景，静止的{composition}画面；{focal}独处于{colour}的空间。",
            "停住。结构清晰：{colour2}对{colour}，完美平衡。",
            "缓慢推近{focal}，其余一切不动。",
        ),
        "dimension": {"physics": "运动", "vibe": "色调", "logic": "清晰"},
        "fallback": {
            "focal": "主体",
            "colour": "中性色",
            "colour2": "白色",
            "mood": "安静",
            "keyword": "简洁",
            "composition": "平衡",
        },
    },
    "provocateur": {
        "vision": (
            "颠覆{composition}的画面，{focal}迸发成纯粹的{dimension}。",
            "忘掉{mood}的平静：{focal}是一次激进的{dimension}宣言。",
        ),
        "safety": (
            "打破的是规则，不是画面：{colour}色板和{focal}都留下。",
            "再疯狂也要有锚点：{colour}、{composition}画面、{focal}。",
        ),
        "magic": ("意外的急推：{focal}碎成{colour2}的碎片。", "混沌在第五秒达到顶点，然后硬切到{colour}的寂静。"),
        "scenes": (
            "猛推到{focal}；{colour}填满镜头，{mood}而喧闹。",
            "世界倾斜：画面一晃，{colour2}淹没地平线。",
            "猛地拉出，{focal}旋转远去。意想不到的结尾。",
        ),
        "dimension": {"physics": "运动", "vibe": "色彩", "logic": "反叛"},
        "fallback": {
            "focal": "主体",
            "colour": "原始",
            "colour2": "黑色",
            "mood": "躁动",
            "keyword": "激进",
            "composition": "破碎",
        },
    },
}

STORY = {
    "newtonian": {
        "opening": "{shot}：{subject}，{camera}。先读出质量：画面承住重量，动量在{palette}中积蓄。",
        "middle": "{shot}，{camera}。速度带着视线掠过{subject}；动量从一边干净地传到另一边。",
        "closing": "{shot}，{camera}。运动减速至静止；摩擦让{subject}落到最终位置，光线{mood}。",
        "style": "冷静、严谨的调色：对比克制，中性偏冷。运动遵循动量、质量、摩擦与速度。",
    },
    "visionary": {
        "opening": "{shot}：{subject}，{camera}，缓缓飘入光中。氛围在{palette}里呼吸，{mood}而舒缓。",
        "middle": "{shot}，{camera}。光在{subject}上汇聚，色彩彼此交融：纯粹的情感。",
        "closing": "{shot}，{camera}，让氛围打开。{subject}溶入一种久久不散的{mood}情绪。",
        "style": "诗意、动人的调色：色彩饱满，光线温暖，对比柔和。氛围、情绪、光与情感为先。",
    },
    "minimalist": {
        "opening": "{shot}：{subject}，{camera}。留白为框；先求平衡，不加多余：只有{palette}。",
        "middle": "{shot}，{camera}。结构干净：{subject}落在安静的网格上，留有呼吸的空间。",
        "closing": "{shot}，{camera}。构图归于平衡；空间与结构像好的排版一样说话，{mood}而沉静。",
        "style": "干净、极简的调色：色彩克制，对比均匀。结构、排版、平衡与空间。",
    },
    "provocateur": {
        "opening": "{shot}猛然砸向{subject}，{camera}。从第一帧就出人意料：在视线落到{palette}之前先颠覆它。",
        "middle": "{shot}，{camera}。以激进的角度看{subject}；放一点混沌进画面，打乱节奏。",
        "closing": "{shot}，{camera}。最后一拍又重又意外：没人这样拍过的{subject}，{mood}到底。",
        "style": "大胆、不羁的调色：对比和色彩都更猛。混沌、颠覆、意外、激进。",
    },
}

# The Studio Note (learning/studio_note.py) in this language, and each director's answer to it.
ADDRESS = {"casual": "你", "professional": "您", "formal": "您"}
NOTE = {
    "dimensions": {"physics": "物理", "vibe": "氛围", "logic": "逻辑"},
    "moves": {"static": "固定机位", "pan": "横向摇镜", "push-in": "推镜", "pull-out": "拉镜", "tilt": "垂直摇镜"},
    "slow": "缓慢",
    "lean": "偏向{dimension}",
    "engine": "偏爱 {engine} 渲染",
    "move": "喜欢{slow}{move}",
    "separator": "，",
    "end": "。",
    "none": "暂无明显偏好：每位导演都可以试试。",
}
NOTE_REPLIES = {
    "newtonian": "{you}的口味偏向{dimension}，每一帧都按{word}精确测量",
    "visionary": "{you}的口味偏向{dimension}，{word}在每一帧里呼吸",
    "minimalist": "{you}的口味偏向{dimension}：{word}，仅此而已",
    "provocateur": "{you}偏向{dimension}？那就把{word}狠狠打乱",
}
NOTE_ANSWERS = {
    "kept": "{lead}，并配上{you}偏爱的{slow}{move}。",
    "other": "{lead}；这里没有{slow}{move}，这一版改用{own}。",
    "only_kept": "{lead}：这一版正好有。",
    "only_other": "{lead}：这一版改用{own}。",
    "move_only": "{you}的 Studio 笔记偏爱{slow}{move}",
    "end": "。",
}

# What The Eye recognised (director/engines/eye/detect.py) and where (describe.py), as the Lounge names them.
SUBJECTS = {"face": "人脸", "cat face": "猫脸", "person": "人物", "text": "文字", "subject": "主体"}
PLACES = {
    "centre": "画面中央",
    "upper centre": "上方中央",
    "lower centre": "下方中央",
    "left side": "左侧",
    "right side": "右侧",
    "upper left": "左上方",
    "upper right": "右上方",
    "lower left": "左下方",
    "lower right": "右下方",
}
FOCAL_AT = "{place}的{subject}"
QUOTED_WORDS = "文字“{}”"
