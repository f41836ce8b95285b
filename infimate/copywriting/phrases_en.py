"""English phrase bank for the offline writer (see :mod:`infimate.copywriting.offline`).

Slots per voice: hook, why, sensory, styling, value, cta, signoff. Placeholders are
filled only from the brief: {name} {Name} {other} {g4} {g12} {sov} {hit} {price}
{stage} {stage_plain} {crowd} {scene} {platform} {kind}. A template is used only when
every placeholder it names is available, so each slot keeps at least one template that
needs nothing but {name} (or nothing). No template contains a number except the
countdown "3, 2, 1" and the window lengths 4 and 12 next to the matching growth figure.
The genre's catchphrases are used; no real person is named or impersonated.
"""

from __future__ import annotations

from infimate.copywriting.phrases_zh import freeze

BANK = freeze(
    {
        "top-streamer": {
            "hook": (
                "All my girls, STOP scrolling — {name} is here and it is gorgeous!",
                "Okay okay okay, hands up if you've been waiting for {name}!",
                "Babes, we are going live with {name} and I am SO excited!",
                "Drop a heart if you want {name} in your wardrobe today!",
                "Stay right there, because {name} just landed and it's a whole mood!",
            ),
            "why": (
                "Chatter about {name} is up {g4} in just 4 weeks — the feed does not lie!",
                "{Name} is up {g4} over the last 4 weeks. The girls already know!",
                "{g12} more buzz about {name} in 12 weeks — this is not a phase, babe!",
                "Right now {name} is {stage}, and my comments keep asking where to get it!",
                "{Name} is already {sov} of the style chatter — that is huge!",
                "My {platform} is full of {name} right now, and I get it!",
                "Everyone in my comments keeps asking for {name}, so here it is!",
            ),
            "sensory": (
                "Look at how it catches the light — so soft, so smooth, it just glows!",
                "Feel that? Lightweight, breathable, and it moves with you.",
                "The texture, the drape, the colour — chef's kiss!",
                "Zoom in with me: clean lines, lovely finish, zero fuss.",
            ),
            "styling": (
                "Throw it on with white sneakers for {scene} and you're done.",
                "Style it with {other} and you've got a whole look in two minutes.",
                "Made for {crowd} who want to look put-together without trying.",
                "Dress it up with heels or keep it easy with flats — your call, babe!",
                "Add {other} and watch the compliments roll in!",
            ),
            "value": (
                "And the price? Just {price}! Yes, you heard me — {price}!",
                "All this for {price}. Run, don't walk!",
                "You'd expect to pay way more, but it's {price} today.",
                "The price will make you smile — check the link!",
            ),
            "cta": (
                "3, 2, 1 — link! Go go go!",
                "Ready? 3, 2, 1, link is live — add to cart NOW!",
                "Sizes are moving fast, so 3, 2, 1 — tap that link!",
            ),
            "signoff": (
                "Love you all, see you in the next drop!",
                "Tag your bestie who needs {name}!",
                "Comment 'mine' if you grabbed one!",
            ),
        },
        "bestie": {
            "hook": (
                "Can we talk about {name} for a sec? I'm kind of obsessed.",
                "Okay, little confession: I've been living in {name} lately.",
                "If you've been eyeing {name}, this one's for you, love.",
                "Quick styling chat, because {name} keeps popping up in my DMs.",
            ),
            "why": (
                "It's not just me — {name} is up {g4} over the past 4 weeks.",
                "Over the last 12 weeks, talk about {name} has grown {g12}, so yes, it's having a moment.",
                "{Name} is {stage} right now, which makes it a lovely time to try it.",
                "I keep seeing {name} all over {platform}, and honestly I get it.",
                "It just feels right for this season, doesn't it?",
            ),
            "sensory": (
                "It's soft, easy to wear and so flattering in daylight.",
                "It feels light and relaxed, the kind of piece you reach for without thinking.",
                "It looks polished but feels like a hug.",
            ),
            "styling": (
                "My tip: pair it with {other} and keep the rest simple.",
                "For {scene}, I'd add a neat bag and your favourite flats.",
                "If you're one of the {crowd}, this is such an easy win.",
                "Keep jewellery minimal and let {name} do the talking.",
                "A fitted knit on top and loose trousers below, and you're set.",
            ),
            "value": (
                "It's {price}, which feels really fair for how often you'll wear it.",
                "At {price}, it's an easy yes for me.",
                "Worth a look if it fits your wardrobe and your budget.",
            ),
            "cta": (
                "Save this for your next outfit check, and tell me how you'd style it!",
                "Send this to the friend who'd look amazing in {name}.",
                "Let me know in the comments if you want a full try-on!",
            ),
            "signoff": ("Lots of love, talk soon!", "Go on, treat yourself, lovely."),
        },
        "editorial": {
            "hook": (
                "{Name}: a trend worth planning for.",
                "Why {name} deserves a place in the next drop.",
                "Spotlight on {name}, and what the data says.",
                "{Name} is moving — here is the brief.",
            ),
            "why": (
                "Share of voice for {name} grew {g4} over the last 4 weeks.",
                "Over 12 weeks, mentions of {name} are up {g12}.",
                "Lifecycle stage: {stage_plain}.",
                "{Name} now accounts for {sov} of tracked fashion conversation.",
                "Our model gives this style a {hit} hit probability.",
                "Creator content on {platform} is leading the conversation.",
                "Signals point to steady consumer interest in {name}.",
            ),
            "sensory": (
                "The appeal is tactile and easy: a refined {kind} that photographs well.",
                "It reads modern without feeling loud, which suits broad assortments.",
                "Clean, camera-friendly and easy to merchandise.",
            ),
            "styling": (
                "Strongest pairing: {other}.",
                "Positioned for {scene}, with clear appeal for {crowd}.",
                "A natural fit for {scene} edits.",
                "Works as a hero piece or as an accent within a wider capsule.",
            ),
            "value": (
                "Recommended price point: {price}.",
                "At {price}, it sits comfortably in a fast-fashion basket.",
                "Price it within the core range to keep the test clean.",
            ),
            "cta": (
                "Recommendation: test a focused capsule and read sell-through early.",
                "Next step: brief design on {name} and align content with partner creators.",
            ),
            "signoff": ("Prepared with Infimate trend intelligence.",),
        },
    }
)

BEATS = (
    ("[0:00]", "Hook"),
    ("[0:08]", "Why now"),
    ("[0:18]", "Close-up"),
    ("[0:30]", "Styling"),
    ("[0:42]", "Price"),
    ("[0:52]", "Call to action"),
)

BULLET_LABELS = ("TRENDING", "LOOK & FEEL", "STYLE IT", "WEAR IT TO", "VALUE")

TITLES = (
    "{Title} {item} | Soft, Easy, On-Trend",
    "{Title} {item} with {Other} Details",
    "{product} | {Title}",
    "{Title} {item} for {Scene}",
    "The {Title} {item}",
)

HASHTAGS = {
    "top-streamer": ("#LiveShopping", "#LinkInBio", "#OOTD"),
    "bestie": ("#OutfitIdeas", "#GetTheLook", "#OOTD"),
    "editorial": ("#TrendReport", "#FashionBusiness", "#Merchandising"),
}

KIND = {
    "color": "colour",
    "print": "print",
    "pattern": "pattern",
    "silhouette": "silhouette",
    "detail": "detail",
    "fabric": "fabric",
    "item": "piece",
    "aesthetic": "look",
    "accessory": "accessory",
}

ITEM = {
    "color": "Colour Edit",
    "print": "Print Edit",
    "pattern": "Pattern Edit",
    "silhouette": "Silhouette Edit",
    "detail": "Detail Edit",
    "fabric": "Fabric Edit",
    "item": "Edit",
    "aesthetic": "Look",
    "accessory": "Accessory Edit",
}

STAGE = {
    "emerging": ("just starting to bubble up", "emerging"),
    "rising": ("on the rise", "rising"),
    "peaking": ("everywhere", "peaking"),
    "seasonal": ("back for the season", "a seasonal favourite"),
    "one-off spike": ("having a moment", "in a short spike"),
    "declining": ("a settled favourite", "mature, past its peak"),
    "dormant": ("a fresh rediscovery", "dormant"),
}

CROWD = {
    "gen_z": "Gen Z girls",
    "young_career_women": "young career women",
    "moms": "busy mums",
    "women_35_plus": "grown-up, confident women",
    "students": "students",
}

SCENE = {
    "office": "the office",
    "lounge_home": "lazy days at home",
    "party": "party season",
    "vacation": "holidays",
    "date_night": "date night",
    "athleisure": "gym-to-brunch days",
    "wedding_guest": "wedding-guest season",
    "commute": "the commute",
}

PLATFORM = {
    "tiktok": "TikTok",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "pinterest": "Pinterest",
    "xiaohongshu": "Xiaohongshu",
    "douyin": "Douyin",
    "taobao_live": "Taobao Live",
    "weibo": "Weibo",
}
