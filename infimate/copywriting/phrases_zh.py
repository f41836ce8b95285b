"""Chinese phrase bank for the offline writer, written natively (电商直播/小红书 idiom).

Same slots and placeholders as :mod:`infimate.copywriting.phrases_en`. Red lines of the
Advertising Law are avoided by construction: no 最 (except 最近), 第一, 绝对, 顶级, 唯一,
首选, 永久, 百分百 … — the offline writer's tests check every combination.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


def freeze(obj: Any) -> Any:
    """Read-only view of nested dicts (phrase banks are constants, not state)."""
    if isinstance(obj, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in obj.items()})
    return obj


BANK = freeze(
    {
        "top-streamer": {
            "hook": (
                "家人们！{name}来了来了，今天必须给你们安排上！",
                "所有女生！{name}真的美哭了，先别划走！",
                "宝宝们注意看，这个{name}一上身，整个人都亮了！",
                "姐妹们，等了好久的{name}终于到了，想要的扣1！",
                "直播间的家人们看过来，{name}今天给你们讲透！",
            ),
            "why": (
                "{name}近4周热度涨了{g4}，不是我一个人在说哦！",
                "近12周讨论量涨了{g12}，{name}现在{stage}！",
                "{name}现在{stage}，评论区都在问链接！",
                "{name}的声量占比已经到{sov}了，这热度你们品！",
                "{platform}上全是{name}，姐妹们眼光太好了！",
                "好多宝宝私信问{name}，今天安排！",
            ),
            "sensory": (
                "你们看这个质感，软软糯糯的，上镜超高级！",
                "摸上去滑滑的，透气不闷，穿一天都舒服！",
                "颜色正、版型好，细节经得起近看！",
                "镜头拉近给你们看，走线干净，做工很讲究！",
            ),
            "styling": (
                "搭配{other}，一套出门不费脑！",
                "{scene}穿它，氛围感直接拉满！",
                "{crowd}闭眼入，显瘦又显气质！",
                "配小白鞋很减龄，配高跟鞋很有气场！",
                "再叠一个{other}，回头率蹭蹭涨！",
            ),
            "value": (
                "今天到手价只要{price}！{price}啊家人们！",
                "这个价格，{price}，还犹豫什么！",
                "{price}就能带回家，真的很值！",
                "价格真的很美丽，点链接看看！",
            ),
            "cta": (
                "准备好了吗？3、2、1，上链接！买它！",
                "库存不多，3、2、1，冲！",
                "喜欢的直接拍，买它买它买它！",
            ),
            "signoff": ("爱你们，咱们下一波见！", "抢到的宝宝评论区扣“已拍”！"),
        },
        "bestie": {
            "hook": (
                "姐妹，跟你说个私藏：我最近天天穿{name}。",
                "想试{name}又怕驾驭不了？来，我教你。",
                "今天聊聊{name}，我衣柜里出镜率超高的那件。",
                "被问了好多次的{name}，今天一次说清楚～",
            ),
            "why": (
                "不是我滤镜重，{name}近4周热度涨了{g4}。",
                "近12周{name}的讨论涨了{g12}，是时候安排了。",
                "{name}现在{stage}，入手正当时。",
                "在{platform}刷到好多{name}，真的很戳我。",
                "这个季节穿{name}，刚刚好。",
            ),
            "sensory": (
                "上身软软的，很亲肤，日常穿毫无负担。",
                "颜色温柔，拍照也很出片。",
                "看起来精致，穿起来却很松弛。",
            ),
            "styling": (
                "小心机：搭{other}，整体更有层次。",
                "{scene}的时候穿，舒服又得体。",
                "如果你是{crowd}，真的很推荐试试。",
                "配饰简单点，让{name}当主角就好。",
                "上紧下松，比例一下就出来了。",
            ),
            "value": (
                "{price}的价格，性价比很可以。",
                "{price}入手，穿的次数多了就很划算。",
                "预算友好，值得试试。",
            ),
            "cta": (
                "先收藏，下次穿搭直接抄作业！",
                "评论区告诉我你想怎么搭～",
                "转给那个很适合{name}的闺蜜吧！",
            ),
            "signoff": ("爱你哦，下次见～", "今天也要美美的！"),
        },
        "editorial": {
            "hook": (
                "趋势简报｜{name}",
                "{name}：值得提前布局的新趋势",
                "数据视角看{name}",
                "{name}：本季企划要点",
            ),
            "why": (
                "近4周，{name}声量增长{g4}。",
                "近12周，{name}累计增长{g12}。",
                "生命周期阶段：{stage_plain}。",
                "当前声量占比{sov}。",
                "模型预测爆款概率{hit}。",
                "{platform}达人内容是讨论主阵地。",
                "消费者对{name}的兴趣持续稳定。",
            ),
            "sensory": (
                "质感细腻、上镜友好，适合内容种草。",
                "风格现代而克制，适配面广。",
                "视觉辨识度高，利于陈列与拍摄。",
            ),
            "styling": (
                "建议搭配：{other}。",
                "主推场景：{scene}；核心人群：{crowd}。",
                "适合{scene}主题企划。",
                "可作主推款，也可作系列点缀。",
            ),
            "value": (
                "建议价格带：{price}。",
                "{price}的定价契合快时尚主力价格带。",
                "建议定在主力价格带内，便于测款判断。",
            ),
            "cta": (
                "建议：小批量测款，快速追单。",
                "下一步：围绕{name}开发系列，并同步达人内容。",
            ),
            "signoff": ("—— Infimate 趋势洞察",),
        },
    }
)

BEATS = (
    ("[0:00]", "开场"),
    ("[0:08]", "趋势"),
    ("[0:18]", "细节"),
    ("[0:30]", "搭配"),
    ("[0:42]", "价格"),
    ("[0:52]", "逼单"),
)

BULLET_LABELS = ("【趋势】", "【质感】", "【搭配】", "【场景】", "【价值】")

TITLES = (
    "【{name}】{item}｜温柔显白 百搭不挑人",
    "{name}{item} {other}设计 新季上新",
    "{product}｜{name}",
    "{name}{item} {scene}穿搭",
    "新款{name}{item}",
)

HASHTAGS = {
    "top-streamer": ("#直播好物", "#今日穿搭", "#OOTD"),
    "bestie": ("#穿搭分享", "#小个子穿搭", "#日常穿搭"),
    "editorial": ("#趋势报告", "#服装企划", "#爆款分析"),
}

KIND = {
    "color": "颜色",
    "print": "印花",
    "pattern": "图案",
    "silhouette": "版型",
    "detail": "细节",
    "fabric": "面料",
    "item": "单品",
    "aesthetic": "风格",
    "accessory": "配饰",
}

ITEM = {
    "color": "系列",
    "print": "系列",
    "pattern": "系列",
    "silhouette": "系列",
    "detail": "设计",
    "fabric": "系列",
    "item": "",
    "aesthetic": "穿搭",
    "accessory": "",
}

CATEGORY = {
    "dress": "连衣裙",
    "dresses": "连衣裙",
    "top": "上衣",
    "tops": "上衣",
    "blouse": "衬衫",
    "shirt": "衬衫",
    "skirt": "半身裙",
    "skirts": "半身裙",
    "trousers": "裤子",
    "pants": "裤子",
    "jeans": "牛仔裤",
    "jacket": "外套",
    "coat": "大衣",
    "outerwear": "外套",
    "knitwear": "针织衫",
    "shoes": "鞋子",
    "bag": "包包",
    "bags": "包包",
    "accessories": "配饰",
    "suit": "西装",
}

STAGE = {
    "emerging": ("刚刚冒头", "萌芽期"),
    "rising": ("一路走高", "上升期"),
    "peaking": ("正当红", "高峰期"),
    "seasonal": ("应季回归", "季节性回归"),
    "one-off spike": ("突然爆火", "短期热点"),
    "declining": ("是经典款", "回落期"),
    "dormant": ("是小众宝藏", "沉寂期"),
}

CROWD = {
    "gen_z": "Z世代女孩",
    "young_career_women": "职场女生",
    "moms": "宝妈",
    "women_35_plus": "轻熟姐姐",
    "students": "学生党",
}

SCENE = {
    "office": "通勤上班",
    "lounge_home": "居家",
    "party": "派对",
    "vacation": "度假",
    "date_night": "约会",
    "athleisure": "运动休闲",
    "wedding_guest": "参加婚礼",
    "commute": "通勤",
}

PLATFORM = {
    "tiktok": "TikTok",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "pinterest": "Pinterest",
    "xiaohongshu": "小红书",
    "douyin": "抖音",
    "taobao_live": "淘宝直播",
    "weibo": "微博",
}
