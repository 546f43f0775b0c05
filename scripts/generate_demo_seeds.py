# Dirty on purpose. Planted rows have fixed counts (the same for every --seed) and one
# defect each, so each maps to one rejection reason of docs/decisions.md D6. An invalid
# planted row has a key of its own unless said otherwise; "dup" is a valid row whose
# key repeats a valid row's key (removed by deduplication, D7).
#
# raw_customers.csv: 12 planted rows
#   2 dup, identical payload
#   3 dup, other payload: signed_up_at +1 day (1); same signed_up_at, other segment (1);
#     signed_up_at empty (1)
#   2 missing_customer_id
#   3 unparseable_signed_up_at: "not a date", "2024-13-45 25:00:00", "31/12/2024"
#   2 signed_up_at_out_of_range: "1999-12-31T23:59:59Z", "2099-01-01T00:00:00Z"
# raw_events.csv: 25 planted rows
#   3 dup, identical payload
#   3 dup, other payload: occurred_at +7 minutes (2); same occurred_at, referrer_url
#     emptied (1)
#   2 missing_event_id, 3 missing_event_name, 2 missing_occurred_at
#   3 missing_user_identifier: anonymous_id and customer_id both empty
#   3 unparseable_occurred_at: "not a date", "2024-13-45 25:00:00", "31/12/2024"
#   4 occurred_at_out_of_range: "1999-12-31T23:59:59Z" (2), "2099-01-01T00:00:00Z" (2)
#   2 invalid copies reusing a valid event_id (the valid row stays): occurred_at
#     "2025-02-30T10:00:00Z" (1, unparseable), "2099-01-01T00:00:00Z" (1, out of range)
#   Valid but flagged or normalised, not rejected:
#   731 bot events: 700 crawler hits (Googlebot, bingbot, AhrefsBot, HeadlessChrome)
#     with a fresh anonymous_id per visit; 24 API calls (python-requests, curl) with a
#     customer_id and no anonymous_id; 6 HeadlessChrome hits on a churned customer's
#     own device weeks after they left; 1 HeadlessChrome hit on the shared device
#     A00401 carrying C0011 (identity must ignore it)
#   40 event names in odd case or spacing ("Page View", " page_view ", "PAGE-VIEW",
#     "Purchase", "Sign Up", ...); 8 garbage device types ("smart-tv", "console")
#   Session and identity edge cases: SHARED_DEVICE_EVENTS, EDGE_CASE_SESSIONS below.
# raw_survey_responses.csv: 42 planted rows
#   3 dup, identical payload
#   3 dup, other payload: responded_at +1 hour (2); same responded_at, other comment (1)
#   2 missing_response_id, 2 missing_survey_type, 2 missing_score,
#     2 missing_responded_at
#   3 unparseable_responded_at: "not a date", "2024-13-45 25:00:00", "31/12/2024"
#   4 responded_at_out_of_range: 1999-12-31 (2), 2099-01-01 (2)
#   3 unparseable_score: "five", "n/a", "12abc"
#   3 non_finite_score: "NaN" (2), "Infinity" (1)
#   3 non_integer_score: nps "8.5", csat "3.7", ces "6.2"
#   5 score_out_of_scale: nps 11, nps 12, nps -1 (-1 might be read as a negative
#     score instead), csat 6, ces 8
#   4 no_answer: csat 0
#   3 unknown_survey_type: "sus" (2), "nqs" (1)
#   Valid: 24 survey types in odd case ("NPS", " Csat", "CES "); 40 responses without
#   customer_id.
# raw_orders.csv: 37 planted rows
#   3 dup, identical payload
#   3 dup, other payload: same ordered_at but "refunded" where the original says
#     "completed" (1; the refunded copy is the one kept); ordered_at +2 hours (2)
#   2 each of missing_order_id, missing_customer_id, missing_ordered_at,
#     missing_status, missing_amount (10)
#   3 unparseable_ordered_at: "not a date", "2024-13-45 25:00:00", "31/12/2024"
#   4 ordered_at_out_of_range: 1999-12-31 (2), 2099-01-01 (2)
#   3 unparseable_amount: "abc" (2), "12abc" (1)
#   3 non_finite_amount: "NaN" (2), "Infinity" (1)
#   3 negative_amount
#   3 currency_mismatch: "EUR" (2), "GBP" (1)
#   2 unknown_status: "shipped", "on_hold"
#   Valid: 2 rows with an empty currency (others say "USD", some "usd" or "Usd");
#   statuses in odd case ("Completed", " REFUNDED").
# raw_support_tickets.csv: 26 planted rows
#   2 dup, identical payload
#   2 dup, other payload: all timestamps +3 hours (1); same created_at, channel
#     "E-mail" where the original says "email" (1)
#   2 missing_ticket_id, 3 missing_channel, 2 missing_created_at
#   3 unparseable_created_at: "not a date", "2024-13-45 25:00:00", "31/12/2024"
#   2 unparseable_first_replied_at: "not a date", "31/12/2024"
#   4 created_at_out_of_range: 1999-12-31 (2), 2099-01-01 (2)
#   3 first_replied_at_before_created_at
#   3 solved_at_before_created_at
# raw_search_console.csv: 38 planted rows
#   3 dup, identical payload
#   3 dup, other payload: same (date, page, query, device, country), other clicks and
#     impressions
#   2 each of missing_date, missing_clicks, missing_impressions, missing_position (8)
#   3 unparseable_date: "not a date", "2024-13-45", "31/12/2024"
#   4 date_out_of_range: "1999-12-31" (2), "2099-01-01" (2)
#   3 unparseable_clicks: "n/a" (2), "12abc" (1)
#   3 non_finite_*: clicks "NaN", position "NaN", impressions "Infinity"
#   2 non_integer_clicks: "3.5"
#   2 negative_clicks (1), negative_impressions (1)
#   3 clicks_exceed_impressions
#   4 position_below_one: "0.5" (2), "0" (2)
# raw_campaign_performance.csv: 33 planted rows
#   3 dup, identical payload
#   2 dup, other payload: same (date, channel, campaign), other impressions and clicks
#   2 each of missing_date, missing_channel, missing_impressions, missing_clicks (8)
#   3 unparseable_date: "not a date", "2024-13-45", "31/12/2024"
#   4 date_out_of_range: "1999-12-31" (2), "2099-01-01" (2)
#   3 unparseable_*: impressions "n/a" (2), clicks "12abc" (1)
#   3 non_finite_*: impressions "NaN", clicks "NaN", impressions "Infinity"
#   2 non_integer_clicks: "10.5"
#   2 negative_impressions
#   3 clicks_exceed_impressions
# raw_social_posts.csv: 17 planted rows
#   2 dup, identical payload
#   2 dup, other payload: published_at +1 hour (1); same published_at, other likes (1)
#   1 each of missing_post_id, missing_network, missing_published_at (3)
#   2 unparseable_published_at: "not a date", "31/12/2024"
#   2 published_at_out_of_range: "1999-12-31T23:59:59Z", "2099-01-01T00:00:00Z"
#   2 unparseable_reach: "n/a", "12abc"
#   2 non_finite_*: reach "NaN", likes "Infinity"
#   2 negative_likes
#   Valid: empty counts (read as 0; LinkedIn never reports saves), 3 posts with reach
#   0, 2 posts whose engagements (50) exceed their reach (35).
"""Write the project's demo raw data as dbt seeds (seeds/raw/raw_*.csv).

The data imitates a shop/SaaS site at https://shop.example over 15 months,
2024-07-01T00:00:00Z to 2025-09-30T23:59:59Z, and is dirty on purpose (see the comment
block above). The output is a pure function of --seed: every source draws from its own
random.Random, nothing reads the clock, and no set or hash order reaches the output.

Usage: python3 scripts/generate_demo_seeds.py [--seed 42] [--out seeds/raw]
"""

import argparse
import csv
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import count
from pathlib import Path
from typing import NamedTuple, TypeVar

# --------------------------------------------------------------------------- constants

DEFAULT_SEED = 42
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "seeds" / "raw"

WINDOW_START = datetime(2024, 7, 1, tzinfo=UTC)
WINDOW_END = datetime(2025, 9, 30, 23, 59, 59, tzinfo=UTC)
PRE_WINDOW_START = datetime(2024, 1, 1, tzinfo=UTC)
SITE = "https://shop.example"

N_CUSTOMERS = 400
N_PRE_WINDOW_CUSTOMERS = 32
N_VISITORS = 1_500
N_LATE_SIGN_INS = 45
N_CRAWLER_BOT_EVENTS = 700
N_API_BOT_EVENTS = 24
N_DEVICE_BOT_EVENTS = 6
N_ODD_EVENT_NAMES = 40
N_GARBAGE_DEVICE_TYPES = 8
N_SURVEY_RESPONSES = 1_800
N_ANONYMOUS_RESPONSES = 40
N_ODD_SURVEY_TYPES = 24
N_SUPPORT_TICKETS = 1_200
N_SOCIAL_POSTS = 420
N_SEARCH_CONSOLE_ROWS = 8_000

# Generated sessions are >= 35 minutes apart: only the hand-placed edge cases test the
# 30-minute session timeout.
MIN_SESSION_BREAK = timedelta(minutes=35)
LAST_SESSION_START = WINDOW_END - timedelta(hours=5)  # a session lasts < 4 hours
SESSIONS_PER_WEEK_SCALE = 0.18  # times a Pareto(1.5) draw
MAX_SESSIONS_PER_WEEK = 7.0
VISITOR_SESSIONS_PER_WEEK = 7 / 9
CUSTOMER_PURCHASE_SHARE = 0.07  # of logged-in customer sessions
VISITOR_PURCHASE_SHARE = 0.015  # guest checkouts: no order row

UNPARSEABLE_TIMESTAMPS = ("not a date", "2024-13-45 25:00:00", "31/12/2024")
UNPARSEABLE_DATES = ("not a date", "2024-13-45", "31/12/2024")
TOO_OLD_TIMESTAMP = "1999-12-31T23:59:59Z"
FAR_FUTURE_TIMESTAMP = "2099-01-01T00:00:00Z"
TOO_OLD_DATE = "1999-12-31"
FAR_FUTURE_DATE = "2099-01-01"

# Timestamp spellings, all valid: YYYY-MM-DD[T ]HH:MM:SS[.f{1,6}][Z|+HH:MM|-HH:MM].
TS_STYLES = ("t_z", "space_offset", "t_offset", "space_naive", "t_naive", "space_z")
TS_STYLE_WEIGHTS = (62, 10, 10, 10, 4, 4)
UTC_OFFSETS = ("+02:00", "+01:00", "+05:30", "+09:00", "+00:00", "-04:00", "-05:00")

HOUR_WEIGHTS = (  # relative traffic per UTC hour
    *(2, 1, 1, 1, 1, 2, 3, 5, 7, 9, 10, 10),  # 00-11
    *(9, 9, 10, 10, 9, 8, 8, 9, 9, 7, 5, 3),  # 12-23
)

# --- customers
COUNTRIES = ("US", "GB", "DE", "FR", "CA", "NL", "AU", "IN", "ES", "SE", "BR")
COUNTRY_WEIGHTS = (35, 12, 12, 8, 8, 5, 5, 5, 4, 3, 3)
SEGMENTS = ("consumer", "smb", "mid_market", "enterprise")
SEGMENT_WEIGHTS = (35, 35, 20, 10)
SEGMENT_SPELLINGS = {
    "consumer": ("Consumer", "CONSUMER", "consumer "),
    "smb": ("SMB", "Smb", " smb"),
    "mid_market": (" Mid Market", "mid-market", "MID_MARKET", "Mid-Market"),
    "enterprise": ("enterprise ", "Enterprise", "ENTERPRISE"),
}
ACQUISITION_CHANNELS = (
    "organic_search",
    "paid_search",
    "social",
    "email",
    "referral",
    "direct",
)
ACQUISITION_WEIGHTS = (30, 18, 14, 10, 10, 18)
ACQUISITION_SPELLINGS = {
    "organic_search": ("organic", "Organic Search", "SEO"),
    "paid_search": ("Paid Search", "PPC", "paid-search"),
    "social": ("Social", "Social Media"),
    "email": ("E-mail", "Email", "newsletter"),
    "referral": ("Referral ", "partner"),
    "direct": ("Direct", "DIRECT"),
}
LIFECYCLES = ("stayer", "churner", "returner", "one_and_done")
LIFECYCLE_WEIGHTS = (35, 38, 20, 7)
PLAN_PRICES = {  # monthly subscriptions; consumers buy a "Plus" membership
    "consumer": ("9.90", "14.90"),
    "smb": ("29.00", "49.90"),
    "mid_market": ("149.00", "199.00"),
    "enterprise": ("990.00", "1490.00"),
}
SUBSCRIBER_SHARE = {
    "consumer": 0.35,
    "smb": 0.85,
    "mid_market": 0.9,
    "enterprise": 0.95,
}

# --- events
SESSION_LENGTHS = tuple(range(1, 13))
SESSION_LENGTH_WEIGHTS = (29, 17, 14, 11, 9, 7, 5, 4, 3, 2, 1, 1)
LANDING_EVENTS = ("page_view", "product_view", "search")
LANDING_WEIGHTS = (88, 8, 4)
FOLLOW_EVENTS = ("page_view", "product_view", "search", "add_to_cart")
FOLLOW_WEIGHTS = (58, 24, 9, 9)
ODD_EVENT_NAMES = {
    "page_view": ("Page View", " page_view ", "PAGE-VIEW", "Page-View"),
    "product_view": ("Product View", "PRODUCT_VIEW", "product-view"),
    "add_to_cart": ("Add To Cart", "add-to-cart"),
    "search": ("Search", " SEARCH"),
    "login": ("Login", " LOGIN"),
    "purchase": ("Purchase", "PURCHASE"),
    "sign_up": ("Sign Up", "SIGN-UP", "sign-up"),
}
CONTENT_PAGES = (
    ("/", 18),
    ("/blog/customer-engagement-metrics", 6),
    ("/blog/what-is-nps", 5),
    ("/blog/reduce-churn", 4),
    ("/blog/csat-vs-nps", 3),
    ("/blog/release-notes-2025", 3),
    ("/blog/case-study-acme", 2),
    ("/products/analytics-suite", 6),
    ("/products/survey-kit", 5),
    ("/products/helpdesk-lite", 4),
    ("/products/starter-bundle", 3),
    ("/docs/getting-started", 5),
    ("/docs/api", 4),
    ("/docs/integrations/shopify", 2),
    ("/docs/faq", 2),
    ("/pricing", 10),
    ("/about", 4),
    ("/careers", 2),
    ("/account", 3),
)
PRODUCT_PAGES = (
    "/products/analytics-suite",
    "/products/survey-kit",
    "/products/helpdesk-lite",
    "/products/starter-bundle",
    "/products/gift-card",
)
PRODUCT_PRICES = ("19.90", "49.90", "89.00", "129.00", "249.00")
SEARCH_TERMS = ("nps", "csat+survey", "pricing", "api", "churn", "gift")
FIXED_PAGES = {
    "purchase": "/checkout/complete",
    "sign_up": "/signup",
    "login": "/login",
}
URL_REFS = ("newsletter", "footer", "partner", "x")
URL_FRAGMENTS = ("top", "pricing-table", "faq", "install")

TRAFFIC_SOURCES = (
    "direct",
    "organic_search",
    "paid_search",
    "social",
    "paid_social",
    "email",
    "referral",
    "display",
    "affiliate",
    "unmapped",
)
VISITOR_SOURCE_WEIGHTS = (22, 34, 11, 10, 4, 3, 8, 5, 2.5, 0.5)
CUSTOMER_SOURCE_WEIGHTS = (40, 18, 6, 6, 2, 18, 5, 2, 2, 1)
SEARCH_REFERRERS = (
    "https://www.google.com/",
    "https://www.google.de/",
    "https://www.bing.com/",
    "https://duckduckgo.com/",
)
SEARCH_REFERRER_WEIGHTS = (68, 8, 15, 9)
SOCIAL_REFERRERS = (
    "https://www.facebook.com/",
    "https://l.facebook.com/",
    "https://t.co/Xk29Qa",
    "https://www.linkedin.com/feed/",
    "https://www.instagram.com/",
    "https://www.reddit.com/r/analytics/",
)
NEWS_REFERRERS = (
    "https://news.ycombinator.com/",
    "https://www.theverge.com/2025/3/4/customer-data-tools",
    "https://techcrunch.com/2024/11/12/engagement-analytics/",
    "https://www.producthunt.com/posts/shop-example",
    "https://medium.com/@dataops/nps-done-right-5f2a",
)
# channel, campaign, first day, last day, daily impressions (low, high), CTR (low, high)
CAMPAIGN_TABLE = """
email        newsletter_weekly     2024-07-01  2025-09-30    300    900  0.020   0.060
email        winback_2025q1        2025-01-06  2025-04-30    200    600  0.030   0.080
paid_search  brand_search          2024-07-01  2025-09-30    800   1500  0.040   0.090
paid_search  generic_search        2024-07-01  2025-09-30   2000   5000  0.010   0.040
paid_search  summer_sale_2025      2025-06-01  2025-08-31   1500   4000  0.020   0.050
display      retargeting_display   2024-07-01  2025-09-30  10000  40000  0.001   0.005
display      partner_display       2024-07-01  2025-02-28   5000  20000  0.0008  0.003
paid_social  always_on_social      2024-07-01  2025-09-30   5000  20000  0.006   0.015
paid_social  spring_launch_social  2025-03-01  2025-06-30   8000  30000  0.008   0.020
paid_social  black_friday_2024     2024-11-01  2024-12-31  10000  50000  0.010   0.025
"""
CAMPAIGN_CHANNEL_SPELLINGS = {
    "email": ("Email", "E-mail"),
    "paid_search": ("PPC", "Paid Search", "paid-search"),
    "display": ("Display", "Display "),
    "paid_social": ("Paid Social", "paid-social"),
}
UTM_MEDIUMS = {  # traffic source -> (utm_medium spellings, weights)
    "paid_search": (("cpc", "ppc", "paid_search", "CPC"), (60, 15, 20, 5)),
    "paid_social": (("paid_social",), (1,)),
    "email": (("email", "newsletter", "Email"), (60, 35, 5)),
    "display": (("display",), (1,)),
    "affiliate": (("affiliate",), (1,)),
    "unmapped": (("partner_xyz", "qr_code"), (2, 1)),
}

DEVICE_TYPES = ("desktop", "mobile", "tablet")
DEVICE_WEIGHTS = (55, 38, 7)
DEVICE_SPELLINGS = {
    "desktop": ("Desktop", "DESKTOP", " desktop", "PC"),
    "mobile": ("mobile ", "Mobile", "Mobile Phone", "smartphone"),
    "tablet": ("Tablet", "ipad", "iPad"),
}
GARBAGE_DEVICE_TYPES = ("smart-tv", "console")
USER_AGENTS = {
    "desktop": (
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"
            " (KHTML, like Gecko) Version/17.4 Safari/605.1.15"
        ),
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            " (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"
        ),
    ),
    "mobile": (
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"
            " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148"
            " Safari/604.1"
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
            " (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36"
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36"
            " (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
        ),
    ),
    "tablet": (
        (
            "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
            " (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36"
            " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
        ),
    ),
}
CRAWLER_USER_AGENTS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
        " HeadlessChrome/120.0.0.0 Safari/537.36"
    ),
)
CRAWLER_WEIGHTS = (40, 20, 25, 15)
HEADLESS_USER_AGENT = CRAWLER_USER_AGENTS[3]
API_USER_AGENTS = ("python-requests/2.31.0", "curl/8.0.1")

# Hand-placed users (fixed ids; events written in plain UTC). One tablet is shared by
# two customers: the first logs in, anonymous browsing follows, the second logs in, more
# anonymous browsing, and a bot later carries the first customer's id on the device.
SHARED_DEVICE_ID = "A00401"
SHARED_DEVICE_CUSTOMERS = ("C0011", "C0012")
SHARED_DEVICE_SIGN_UPS = {
    "C0011": datetime(2024, 3, 14, 9, 12, 5, tzinfo=UTC),
    "C0012": datetime(2024, 8, 20, 18, 41, 37, tzinfo=UTC),
}
SHARED_DEVICE_EVENTS = (  # (UTC time, customer_id, event_name, path)
    ("2025-02-10T19:00:00", "C0011", "login", "/login"),
    ("2025-02-10T19:00:40", "C0011", "page_view", "/account"),
    ("2025-02-10T19:02:15", "C0011", "product_view", "/products/survey-kit"),
    ("2025-02-18T20:15:00", "", "page_view", "/blog/what-is-nps"),
    ("2025-02-18T20:16:10", "", "page_view", "/pricing"),
    ("2025-04-15T18:30:00", "C0012", "login", "/login"),
    ("2025-04-15T18:30:30", "C0012", "page_view", "/"),
    ("2025-04-15T18:31:45", "C0012", "search", "/search?q=api"),
    ("2025-04-15T18:33:00", "C0012", "product_view", "/products/analytics-suite"),
    ("2025-04-22T21:00:00", "", "page_view", "/"),
    ("2025-04-22T21:01:20", "", "product_view", "/products/helpdesk-lite"),
    ("2025-04-22T21:03:05", "", "add_to_cart", "/products/helpdesk-lite"),
)
SHARED_DEVICE_BOT_EVENT = ("2025-06-03T03:12:00", "C0011", "page_view", "/account")
EDGE_CASE_SESSIONS = {  # anonymous visitor -> UTC times of their only events
    "A00402": ("2025-03-12T14:00:00", "2025-03-12T14:30:00"),  # 30:00 gap: one session
    "A00403": ("2025-03-13T09:00:00", "2025-03-13T09:30:01"),  # 30:01 gap: two sessions
    "A00404": ("2025-01-31T23:50:00", "2025-01-31T23:58:00", "2025-02-01T00:10:00"),
    "A00405": ("2025-05-20T10:15:00", "2025-05-20T10:15:00", "2025-05-20T10:16:30"),
}
EDGE_CASE_NAMES = ("page_view", "product_view", "add_to_cart")
EDGE_CASE_PATHS = ("/blog/reduce-churn", "/products/survey-kit", "/products/survey-kit")
FIRST_FREE_ANONYMOUS_NUMBER = 406  # A00001-A00400 are the customers' first devices

# --- surveys and support
SURVEY_TYPES = ("nps", "csat", "ces")
SURVEY_TYPE_WEIGHTS = (45, 40, 15)
SURVEY_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
SURVEY_SCORE_WEIGHTS = {
    "nps": (2, 1, 2, 2, 3, 4, 6, 12, 18, 24, 26),
    "csat": (5, 8, 15, 35, 37),
    "ces": (3, 4, 6, 12, 20, 28, 27),
}
SURVEY_CHANNELS = {
    "nps": (("email", "in_app"), (60, 40)),
    "csat": (("email", "live_chat", "phone", "social"), (35, 35, 20, 10)),
    "ces": (("in_app", "email", "live_chat"), (50, 30, 20)),
}
ODD_SURVEY_TYPES = {"nps": ("NPS", "Nps"), "csat": (" Csat", "CSAT"), "ces": ("CES ",)}
CONTACT_CHANNEL_SPELLINGS = {
    "email": ("E-mail", "Email", "e-mail"),
    "live_chat": ("Live Chat", "livechat", "chat", "LiveChat"),
    "phone": ("Phone ", "Phone", "telephone"),
    "social": ("Social", "Social Media", "Twitter"),
    "in_app": ("In-App", "in app", "InApp"),
    "web_form": ("Web Form", "webform", "contact form"),
}
TOUCHPOINTS = ("onboarding", "checkout", "support", "billing", "product")
TOUCHPOINT_WEIGHTS = (20, 20, 30, 10, 20)
TOUCHPOINT_SPELLINGS = {
    "onboarding": ("Onboarding", "ONBOARDING"),
    "checkout": (" CHECKOUT", "Checkout"),
    "support": ("Support", "SUPPORT "),
    "billing": ("Billing ", "BILLING"),
    "product": ("Product", " product"),
}
COMMENTS = {
    "positive": (
        "Great product",
        "Fast, friendly support",
        "Setup took five minutes",
        'Love the "one click" export',
        "Très bien, merci",
        "Exactly what our team needed",
        "Support solved it on the first reply",
    ),
    "neutral": (
        "It's fine",
        "Works, but the docs could be better",
        "Okay overall; pricing is a bit high",
        'Would like a "dark mode"',
        "Average experience",
    ),
    "negative": (
        'Checkout kept saying "try again"',
        "Too slow, and the app crashed twice",
        "Billing charged me twice",
        "Nobody answered my ticket for days",
        "Hard to find the export, very confusing",
    ),
}
ORDER_STATUSES = ("completed", "refunded", "cancelled")
ORDER_STATUS_SPELLINGS = {
    "completed": ("Completed", "COMPLETED", " completed"),
    "refunded": (" REFUNDED", "Refunded"),
    "cancelled": ("Cancelled ", "CANCELLED"),
}
TICKET_CHANNELS = ("email", "live_chat", "phone", "web_form", "social")
TICKET_CHANNEL_WEIGHTS = (35, 25, 12, 18, 10)

# --- search console, social
SC_PAGES = (
    ("/", 10),
    ("/pricing", 6),
    ("/blog/customer-engagement-metrics", 9),
    ("/blog/what-is-nps", 8),
    ("/blog/reduce-churn", 6),
    ("/blog/csat-vs-nps", 4),
    ("/products/analytics-suite", 5),
    ("/products/survey-kit", 4),
    ("/docs/getting-started", 3),
    ("/docs/api", 2),
)
SC_QUERIES = (
    "customer engagement metrics",
    "nps calculator",
    "what is nps",
    "how to reduce churn",
    "shop example",
    "shop example pricing",
    "survey software",
    "customer analytics tool",
    "csat vs nps",
    "churn rate formula",
    "engagement rate",
    "shop example api",
)
SC_QUERIES_PER_PAGE = 8
SEARCH_CONSOLE_KEY = ("date", "page", "query", "device", "country")
SC_DEVICES = (("desktop", 55), ("mobile", 38), ("tablet", 7))
SC_COUNTRIES = (
    ("usa", 40),
    ("gbr", 15),
    ("deu", 15),
    ("fra", 10),
    ("can", 10),
    ("ind", 10),
)

NETWORKS = ("instagram", "linkedin", "facebook", "x")
NETWORK_WEIGHTS = (35, 25, 22, 18)
NETWORK_SPELLINGS = {
    "instagram": ("IG", "Instagram ", "Instagram"),
    "linkedin": ("LinkedIn", "Linkedin"),
    "facebook": ("FB", "Facebook"),
    "x": ("Twitter", "X", "twitter"),
}
NETWORK_REACH_MEDIAN = {"instagram": 2500, "linkedin": 1800, "facebook": 1200, "x": 900}
VIRAL_POST_COUNTS = {  # engagements (50) above reach (35): a per-post rate above 1
    "reach": 35,
    "impressions": 60,
    "likes": 30,
    "comments": 8,
    "shares": 4,
    "saves": 2,
    "clicks": 6,
}
NETWORK_FOLLOWERS = {  # followers at the window start and at its end
    "instagram": (12_400, 18_900),
    "linkedin": (5_200, 9_800),
    "facebook": (21_000, 22_300),
    "x": (8_700, 8_100),
}

COLUMNS = {
    "raw_customers": (
        "customer_id",
        "email",
        "signed_up_at",
        "country",
        "segment",
        "acquisition_channel",
    ),
    "raw_events": (
        "event_id",
        "anonymous_id",
        "customer_id",
        "event_name",
        "occurred_at",
        "page_url",
        "referrer_url",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "device_type",
        "user_agent",
    ),
    "raw_survey_responses": (
        "response_id",
        "customer_id",
        "survey_type",
        "score",
        "channel",
        "touchpoint",
        "responded_at",
        "comment",
    ),
    "raw_orders": (
        "order_id",
        "customer_id",
        "ordered_at",
        "status",
        "amount",
        "currency",
    ),
    "raw_support_tickets": (
        "ticket_id",
        "customer_id",
        "channel",
        "created_at",
        "first_replied_at",
        "solved_at",
        "status",
    ),
    "raw_search_console": (
        "date",
        "page",
        "query",
        "device",
        "country",
        "clicks",
        "impressions",
        "position",
    ),
    "raw_campaign_performance": (
        "date",
        "channel",
        "campaign",
        "impressions",
        "clicks",
    ),
    "raw_social_posts": (
        "post_id",
        "network",
        "published_at",
        "reach",
        "impressions",
        "likes",
        "comments",
        "shares",
        "saves",
        "clicks",
        "followers",
    ),
}

T = TypeVar("T")
Row = dict[str, str]

# --------------------------------------------------------------------------- helpers


def pick(rng: random.Random, values: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(values, weights)[0]


def maybe_respell(
    rng: random.Random,
    canonical: str,
    spellings: dict[str, Sequence[str]],
    share: float,
) -> str:
    """The canonical value, or with probability `share` one of its odd spellings."""
    if canonical in spellings and rng.random() < share:
        return rng.choice(spellings[canonical])
    return canonical


def blank_or(rng: random.Random, value: str, missing_share: float) -> str:
    return "" if rng.random() < missing_share else value


def in_window(day: date) -> bool:
    return WINDOW_START.date() <= day <= WINDOW_END.date()


def fraction_text(microsecond: int) -> str:
    """'.250' style: 1, 3 or 6 digits, as few as keep the value exact."""
    if microsecond == 0:
        return ""
    digits = f"{microsecond:06d}"
    if microsecond % 100_000 == 0:
        return "." + digits[:1]
    if microsecond % 1_000 == 0:
        return "." + digits[:3]
    return "." + digits


def with_fraction(rng: random.Random, moment: datetime, share: float) -> datetime:
    """Give a share of the instants a sub-second part (tenths, millis or micros)."""
    if rng.random() >= share:
        return moment
    kind = rng.random()
    if kind < 0.6:
        micro = rng.randrange(1, 1_000) * 1_000
    elif kind < 0.8:
        micro = rng.randrange(1, 10) * 100_000
    else:
        micro = rng.randrange(1, 1_000_000)
    return moment.replace(microsecond=micro)


def utc_z(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}{fraction_text(moment.microsecond)}Z"


def format_timestamp(rng: random.Random, moment: datetime) -> str:
    """One valid spelling of an instant; offsets are real (the instant is kept)."""
    style = pick(rng, TS_STYLES, TS_STYLE_WEIGHTS)
    frac = fraction_text(moment.microsecond)
    if style in ("space_offset", "t_offset"):
        offset = rng.choice(UTC_OFFSETS)
        sign = -1 if offset[0] == "-" else 1
        hours, minutes = (int(part) for part in offset[1:].split(":"))
        local = moment.astimezone(
            timezone(sign * timedelta(hours=hours, minutes=minutes))
        )
        # An instant inside the window is never written with a local date outside it.
        if in_window(local.date()) or not in_window(moment.date()):
            sep = " " if style == "space_offset" else "T"
            return f"{local:%Y-%m-%d}{sep}{local:%H:%M:%S}{frac}{offset}"
        style = "t_z"
    if style == "space_naive":
        return f"{moment:%Y-%m-%d %H:%M:%S}{frac}"
    if style == "t_naive":
        return f"{moment:%Y-%m-%dT%H:%M:%S}{frac}"
    if style == "space_z":
        return f"{moment:%Y-%m-%d %H:%M:%S}{frac}Z"
    return utc_z(moment)


def growth_instant(
    rng: random.Random, start: datetime, end: datetime, growth: float = 0.6
) -> datetime:
    """An instant in [start, end] whose density rises linearly by `growth`."""
    u = rng.random()
    x = (-1 + math.sqrt(1 + 2 * growth * u * (1 + growth / 2))) / growth
    return (start + (end - start) * x).replace(microsecond=0)


def daytime(rng: random.Random, day: datetime) -> datetime:
    """A time of day on the day of `day`, following the hourly traffic curve."""
    hour = pick(rng, range(24), HOUR_WEIGHTS)
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(hours=hour, seconds=rng.randrange(3600))


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (days 29-31 do not occur here)."""
    month_index = moment.month - 1 + months
    return moment.replace(
        year=moment.year + month_index // 12, month=month_index % 12 + 1
    )


def day_factor(day: date) -> float:
    """Traffic multiplier: +60% growth across the window, quieter weekends."""
    progress = (day - WINDOW_START.date()).days / (WINDOW_END - WINDOW_START).days
    return (1 + 0.6 * progress) * (0.75 if day.weekday() >= 5 else 1.0)


def window_days() -> list[date]:
    first, last = WINDOW_START.date(), WINDOW_END.date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


class Campaign(NamedTuple):
    channel: str
    name: str
    first_day: date
    last_day: date
    daily_impressions: tuple[int, int]
    ctr: tuple[float, float]


def parse_campaigns(table: str) -> tuple[Campaign, ...]:
    campaigns = []
    for line in table.strip().splitlines():
        channel, name, first, last, low, high, ctr_low, ctr_high = line.split()
        campaigns.append(
            Campaign(
                channel,
                name,
                date.fromisoformat(first),
                date.fromisoformat(last),
                (int(low), int(high)),
                (float(ctr_low), float(ctr_high)),
            )
        )
    return tuple(campaigns)


CAMPAIGNS = parse_campaigns(CAMPAIGN_TABLE)


def clone(row: Row, **changes: str) -> Row:
    return {**row, **changes}


def id_sequence(prefix: str, width: int, start: int) -> Iterator[str]:
    return (f"{prefix}{n:0{width}d}" for n in count(start))


def sample_rows(rng: random.Random, rows: Sequence[Row], k: int) -> list[Row]:
    return [rows[i] for i in rng.sample(range(len(rows)), k)]


def whole(value: float) -> str:
    return str(max(0, round(value)))


@dataclass(slots=True)
class Planter:
    """Makes planted rows from valid templates, each with a key of its own."""

    rng: random.Random
    templates: list[Row]
    key_column: str
    new_keys: Iterator[str]

    def __call__(self, template: Row | None = None, **changes: str) -> Row:
        row = clone(template or self.rng.choice(self.templates), **changes)
        if self.key_column not in changes:
            row[self.key_column] = next(self.new_keys)
        return row


# --------------------------------------------------------------------------- world


@dataclass(slots=True)
class Device:
    anonymous_id: str
    device_type: str
    user_agent: str


@dataclass(slots=True)
class Customer:
    customer_id: str
    signed_up_at: datetime
    country: str
    segment: str
    acquisition_channel: str
    lifecycle: str
    active: list[tuple[datetime, datetime]]
    devices: list[Device]
    sessions_per_week: float
    plan_price: str  # "" when the customer has no subscription
    session_starts: list[datetime] = field(default_factory=list)
    reserved: list[datetime] = field(default_factory=list)  # hand-placed sessions


@dataclass(slots=True)
class Event:
    occurred_at: datetime
    user_rank: int  # orders same-instant events of different users
    anonymous_id: str
    customer_id: str
    event_name: str
    page_url: str
    referrer_url: str = ""
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    device_type: str = ""
    user_agent: str = ""
    is_special: bool = False  # bot or hand-placed edge case: written in plain UTC
    spelled_name: str = ""  # odd spelling written instead of event_name
    event_id: str = ""


@dataclass(slots=True)
class World:
    customers: list[Customer]
    events: list[Event]


def new_device(rng: random.Random, anonymous_id: str, device_type: str = "") -> Device:
    kind = device_type or pick(rng, DEVICE_TYPES, DEVICE_WEIGHTS)
    return Device(anonymous_id, kind, rng.choice(USER_AGENTS[kind]))


def active_spans(
    rng: random.Random, lifecycle: str, start: datetime
) -> list[tuple[datetime, datetime]]:
    """When a customer is around: until the end, until they churn, or with a pause."""
    if lifecycle == "stayer":
        spans = [(start, WINDOW_END)]
    elif lifecycle == "churner":
        spans = [(start, start + timedelta(days=rng.uniform(20, 240)))]
    elif lifecycle == "returner":
        first_end = start + timedelta(days=rng.uniform(20, 150))
        back = first_end + timedelta(days=rng.uniform(35, 120))
        spans = [
            (start, first_end),
            (back, back + timedelta(days=rng.uniform(30, 400))),
        ]
    else:
        spans = [(start, start + timedelta(days=1))]
    return [(a, min(b, WINDOW_END)) for a, b in spans if a < WINDOW_END]


def make_customers(rng: random.Random, next_anonymous: Iterator[str]) -> list[Customer]:
    pre_window = set(rng.sample(range(N_CUSTOMERS), N_PRE_WINDOW_CUSTOMERS))
    customers = []
    for index in range(N_CUSTOMERS):
        customer_id = f"C{index + 1:04d}"
        if index in pre_window:
            signed_up_at = growth_instant(rng, PRE_WINDOW_START, WINDOW_START, 0.0001)
        else:
            signed_up_at = growth_instant(
                rng, WINDOW_START + timedelta(days=1), WINDOW_END - timedelta(days=2)
            )
        lifecycle = pick(rng, LIFECYCLES, LIFECYCLE_WEIGHTS)
        if customer_id in SHARED_DEVICE_CUSTOMERS:
            lifecycle = "stayer"
            signed_up_at = SHARED_DEVICE_SIGN_UPS[customer_id]
        segment = pick(rng, SEGMENTS, SEGMENT_WEIGHTS)
        devices = [new_device(rng, f"A{index + 1:05d}")]
        if rng.random() < 0.25:
            others = [kind for kind in DEVICE_TYPES if kind != devices[0].device_type]
            devices.append(new_device(rng, next(next_anonymous), rng.choice(others)))
        plan_price = ""
        if rng.random() < SUBSCRIBER_SHARE[segment]:
            plan_price = rng.choice(PLAN_PRICES[segment])
        customers.append(
            Customer(
                customer_id=customer_id,
                signed_up_at=signed_up_at,
                country=pick(rng, COUNTRIES, COUNTRY_WEIGHTS),
                segment=segment,
                acquisition_channel=pick(
                    rng, ACQUISITION_CHANNELS, ACQUISITION_WEIGHTS
                ),
                lifecycle=lifecycle,
                active=active_spans(rng, lifecycle, max(signed_up_at, WINDOW_START)),
                devices=devices,
                sessions_per_week=min(
                    MAX_SESSIONS_PER_WEEK,
                    SESSIONS_PER_WEEK_SCALE * rng.paretovariate(1.5),
                ),
                plan_price=plan_price,
            )
        )
    return customers


# --------------------------------------------------------------------------- sessions


def intra_session_gap(rng: random.Random) -> int:
    """Seconds between two events of one session: mostly short, at most 20 minutes."""
    roll = rng.random()
    if roll < 0.7:
        return rng.randint(3, 60)
    if roll < 0.95:
        return rng.randint(61, 420)
    return rng.randint(421, 1200)


def plan_names(
    rng: random.Random,
    *,
    purchase: bool = False,
    sign_up: bool = False,
    login: bool = False,
) -> list[str]:
    length = pick(rng, SESSION_LENGTHS, SESSION_LENGTH_WEIGHTS)
    if purchase:
        length = max(length, 4)
    if sign_up or login:
        length = max(length, 2)
    names = [pick(rng, LANDING_EVENTS, LANDING_WEIGHTS)]
    names += [pick(rng, FOLLOW_EVENTS, FOLLOW_WEIGHTS) for _ in range(length - 1)]
    if login:
        names[rng.randint(0, 1)] = "login"
    if purchase:
        names[-3:] = ["product_view", "add_to_cart", "purchase"]
    if sign_up:
        names[rng.randint(1, length - 1)] = "sign_up"
    return names


def decorate_path(rng: random.Random, path: str) -> str:
    """A full URL, at times with odd case, a trailing slash, a query or a fragment."""
    roll = rng.random()
    if roll < 0.03 and path != "/":
        path = "/".join(part.title() for part in path.split("/"))
    elif roll < 0.06 and path != "/":
        path += "/"
    roll = rng.random()
    if roll < 0.04:
        path += f"?ref={rng.choice(URL_REFS)}"
    elif roll < 0.07:
        path += f"#{rng.choice(URL_FRAGMENTS)}"
    return SITE + path


def page_for(rng: random.Random, name: str, last_product: str) -> str:
    if name == "product_view":
        return decorate_path(rng, rng.choice(PRODUCT_PAGES))
    if name == "add_to_cart":
        return decorate_path(rng, last_product or rng.choice(PRODUCT_PAGES))
    if name == "search":
        return SITE + f"/search?q={rng.choice(SEARCH_TERMS)}"
    if name in FIXED_PAGES:
        return SITE + FIXED_PAGES[name]
    pages, weights = zip(*CONTENT_PAGES, strict=True)
    return decorate_path(rng, pick(rng, pages, weights))


def campaign_for(rng: random.Random, channel: str, day: date) -> str:
    running = [
        c.name
        for c in CAMPAIGNS
        if c.channel == channel and c.first_day <= day <= c.last_day
    ]
    return rng.choice(running or [c.name for c in CAMPAIGNS if c.channel == channel])


def attribution(
    rng: random.Random, source: str, day: date
) -> tuple[str, str, str, str]:
    """referrer_url, utm_source, utm_medium, utm_campaign of a session's 1st event."""
    if source == "organic_search":
        referrer = pick(rng, SEARCH_REFERRERS, SEARCH_REFERRER_WEIGHTS)
        utm = ("google", "organic", "") if rng.random() < 0.05 else ("", "", "")
        return (referrer, *utm)
    if source == "social":
        referrer = rng.choice(SOCIAL_REFERRERS)
        utm = (
            ("linkedin", "social", "organic_social")
            if rng.random() < 0.2
            else ("", "", "")
        )
        return (referrer, *utm)
    if source == "referral":
        referrer = rng.choice(NEWS_REFERRERS)
        utm = ("partner_blog", "referral", "") if rng.random() < 0.1 else ("", "", "")
        return (referrer, *utm)
    if source not in UTM_MEDIUMS:  # direct
        return "", "", "", ""
    medium = pick(rng, *UTM_MEDIUMS[source])
    if source == "paid_search":
        engine = rng.choice(("google", "bing"))
        referrer = f"https://www.{engine}.com/"
        return referrer, engine, medium, campaign_for(rng, source, day)
    if source == "paid_social":
        network = rng.choice(("facebook", "instagram", "linkedin"))
        referrer = f"https://www.{network}.com/"
        return referrer, network, medium, campaign_for(rng, source, day)
    if source == "email":
        referrer = "https://mail.google.com/" if rng.random() < 0.3 else ""
        utm_source = rng.choice(("newsletter", "crm"))
        return referrer, utm_source, medium, campaign_for(rng, source, day)
    if source == "display":
        return "", rng.choice(("gdn", "criteo")), medium, campaign_for(rng, source, day)
    if source == "affiliate":
        return "", rng.choice(("couponfox", "reviewhub")), medium, "affiliate_program"
    return "", "partner_xyz", medium, "spring_partners"


def render_device(rng: random.Random, device_type: str) -> str:
    return blank_or(rng, maybe_respell(rng, device_type, DEVICE_SPELLINGS, 0.06), 0.02)


@dataclass(slots=True)
class SessionWriter:
    """Turns a planned session (event names, start, user) into events."""

    rng: random.Random
    events: list[Event]

    def write(
        self,
        *,
        start: datetime,
        names: list[str],
        device: Device,
        user_rank: int,
        customer_id: str = "",
        identified_from: int = 0,
        source: str = "direct",
        gaps: list[int] | None = None,
    ) -> datetime:
        """Append the session's events; return the time of its last event.

        Events from position `identified_from` on carry `customer_id`.
        """
        rng = self.rng
        if gaps is None:
            gaps = [intra_session_gap(rng) for _ in names[1:]]
        landing = attribution(rng, source, start.date())
        moment = start
        previous_url = ""
        last_product = ""
        for position, name in enumerate(names):
            if position:
                moment += timedelta(seconds=gaps[position - 1])
            # Only the first event carries the session's source; later ones were
            # referred by the previous page.
            referrer, utm_source, utm_medium, utm_campaign = (
                (previous_url, "", "", "") if position else landing
            )
            identified = bool(customer_id) and position >= identified_from
            page_url = page_for(rng, name, last_product)
            if name == "product_view":
                last_product = page_url.removeprefix(SITE).split("?")[0].split("#")[0]
            if position == 0 and utm_medium and rng.random() < 0.5:
                bare = page_url.split("#")[0].split("?")[0]
                page_url = (
                    f"{bare}?utm_source={utm_source}&utm_medium={utm_medium.lower()}"
                )
            page_url = blank_or(rng, page_url, 0.01)
            anonymous_id = device.anonymous_id
            if identified and rng.random() < (0.4 if name == "purchase" else 0.02):
                anonymous_id = ""  # a server-side event: only the customer is known
            self.events.append(
                Event(
                    # The sign-up event is the customer's signed_up_at, to the second.
                    occurred_at=moment
                    if name == "sign_up"
                    else with_fraction(rng, moment, 0.08),
                    user_rank=user_rank,
                    anonymous_id=anonymous_id,
                    customer_id=customer_id if identified else "",
                    event_name=name,
                    page_url=page_url,
                    referrer_url=referrer,
                    utm_source=utm_source,
                    utm_medium=utm_medium,
                    utm_campaign=utm_campaign,
                    device_type=render_device(rng, device.device_type),
                    user_agent=blank_or(rng, device.user_agent, 0.005),
                )
            )
            previous_url = page_url
        return moment


def next_session_start(
    rng: random.Random, after: datetime, sessions_per_week: float
) -> datetime:
    """The next session's start: an exponential wait, >= 35 minutes after `after`."""
    candidate = daytime(
        rng, after + timedelta(days=rng.expovariate(sessions_per_week / 7))
    )
    earliest = after + MIN_SESSION_BREAK
    if candidate < earliest:
        candidate = earliest + timedelta(seconds=rng.randrange(3 * 3600))
    return candidate


def near_reserved(moment: datetime, reserved: Sequence[datetime]) -> bool:
    return any(abs(moment - other) < timedelta(hours=6) for other in reserved)


def sign_up_session(
    rng: random.Random,
    writer: SessionWriter,
    customer: Customer,
    rank: int,
    browses_first: bool,
) -> datetime:
    """The session whose sign_up is at signed_up_at, maybe after anonymous ones."""
    device = customer.devices[0]
    names = plan_names(rng, sign_up=True)
    gaps = [intra_session_gap(rng) for _ in names[1:]]
    sign_up_position = names.index("sign_up")
    start = customer.signed_up_at - timedelta(seconds=sum(gaps[:sign_up_position]))
    if browses_first:
        anonymous_sessions_before(rng, writer, device, rank, start)
    customer.session_starts.append(start)
    return writer.write(
        start=start,
        names=names,
        device=device,
        user_rank=rank,
        customer_id=customer.customer_id,
        identified_from=sign_up_position,
        source=customer.acquisition_channel,
        gaps=gaps,
    )


def customer_sessions(
    rng: random.Random,
    writer: SessionWriter,
    customer: Customer,
    rank: int,
    browses_first: bool,
) -> None:
    last_end = WINDOW_START - MIN_SESSION_BREAK
    if customer.signed_up_at >= WINDOW_START:
        last_end = sign_up_session(rng, writer, customer, rank, browses_first)
    rate = customer.sessions_per_week
    for span_start, span_end in customer.active:
        moment = next_session_start(rng, max(span_start, last_end), rate)
        while moment < min(span_end, LAST_SESSION_START):
            if near_reserved(moment, customer.reserved):
                moment = next_session_start(rng, moment + timedelta(hours=6), rate)
                continue
            device = customer.devices[-1] if rng.random() < 0.3 else customer.devices[0]
            logged_in = rng.random() < 0.85
            names = plan_names(
                rng,
                purchase=logged_in and rng.random() < CUSTOMER_PURCHASE_SHARE,
                login=logged_in and rng.random() < 0.2,
            )
            customer.session_starts.append(moment)
            last_end = writer.write(
                start=moment,
                names=names,
                device=device,
                user_rank=rank,
                customer_id=customer.customer_id,
                identified_from=0 if logged_in else len(names),
                source=pick(rng, TRAFFIC_SOURCES, CUSTOMER_SOURCE_WEIGHTS),
            )
            moment = next_session_start(rng, last_end, rate)


def anonymous_sessions_before(
    rng: random.Random,
    writer: SessionWriter,
    device: Device,
    rank: int,
    before: datetime,
) -> None:
    """1-4 anonymous sessions in the weeks before a sign-up, on the same device."""
    for _ in range(rng.randint(1, 4)):
        # Room for a 12-event session (< 4 h) and the break before the next one.
        latest = before - MIN_SESSION_BREAK - timedelta(hours=4)
        moment = min(
            daytime(rng, before - timedelta(days=rng.uniform(0.3, 12))), latest
        )
        if moment < WINDOW_START:
            return
        writer.write(
            start=moment,
            names=plan_names(rng),
            device=device,
            user_rank=rank,
            source=pick(rng, TRAFFIC_SOURCES, VISITOR_SOURCE_WEIGHTS),
        )
        before = moment


def visitor_sessions(
    rng: random.Random, writer: SessionWriter, device: Device, rank: int
) -> None:
    """An anonymous visitor: usually one visit, a few come back often (power law)."""
    visits = 1 if rng.random() < 0.55 else min(40, 1 + int(rng.paretovariate(1.3)))
    moment = daytime(rng, growth_instant(rng, WINDOW_START, WINDOW_END))
    for _ in range(visits):
        if moment >= LAST_SESSION_START:
            return
        last_end = writer.write(
            start=moment,
            names=plan_names(rng, purchase=rng.random() < VISITOR_PURCHASE_SHARE),
            device=device,
            user_rank=rank,
            source=pick(rng, TRAFFIC_SOURCES, VISITOR_SOURCE_WEIGHTS),
        )
        moment = next_session_start(rng, last_end, VISITOR_SESSIONS_PER_WEEK)


def special_event(
    moment: str,
    anonymous_id: str,
    customer_id: str,
    name: str,
    path: str,
    rank: int,
    *,
    device_type: str = "desktop",
    user_agent: str = USER_AGENTS["desktop"][0],
) -> Event:
    """A hand-placed event; `moment` is a UTC wall-clock time without offset."""
    return Event(
        occurred_at=datetime.fromisoformat(moment).replace(tzinfo=UTC),
        user_rank=rank,
        anonymous_id=anonymous_id,
        customer_id=customer_id,
        event_name=name,
        page_url=SITE + path,
        device_type=device_type,
        user_agent=user_agent,
        is_special=True,
    )


def edge_case_events(rank: int) -> list[Event]:
    """Hand-placed sessions that pin down the session and identity rules."""
    tablet = {"device_type": "tablet", "user_agent": USER_AGENTS["tablet"][0]}
    events = [
        special_event(moment, SHARED_DEVICE_ID, customer, name, path, rank, **tablet)
        for moment, customer, name, path in SHARED_DEVICE_EVENTS
    ]
    moment, customer, name, path = SHARED_DEVICE_BOT_EVENT
    events.append(
        special_event(
            moment,
            SHARED_DEVICE_ID,
            customer,
            name,
            path,
            rank,
            device_type="",
            user_agent=HEADLESS_USER_AGENT,
        )
    )
    for offset, (visitor, moments) in enumerate(EDGE_CASE_SESSIONS.items(), start=1):
        for moment, name, path in zip(
            moments, EDGE_CASE_NAMES, EDGE_CASE_PATHS, strict=False
        ):
            events.append(special_event(moment, visitor, "", name, path, rank + offset))
    return events


def bot_event(
    moment: datetime,
    rank: int,
    user_agent: str,
    *,
    anonymous_id: str = "",
    customer_id: str = "",
    event_name: str = "page_view",
    page_url: str = SITE + "/",
    device_type: str = "",
) -> Event:
    return Event(
        occurred_at=moment.replace(microsecond=0),
        user_rank=rank,
        anonymous_id=anonymous_id,
        customer_id=customer_id,
        event_name=event_name,
        page_url=page_url,
        device_type=device_type,
        user_agent=user_agent,
        is_special=True,
    )


def bot_events(
    rng: random.Random,
    customers: list[Customer],
    next_anonymous: Iterator[str],
    rank: int,
) -> list[Event]:
    """Crawlers (a fresh anonymous id per visit), API scripts and headless browsers."""
    events: list[Event] = []
    pages, weights = zip(*CONTENT_PAGES, strict=True)
    while len(events) < N_CRAWLER_BOT_EVENTS:
        user_agent = pick(rng, CRAWLER_USER_AGENTS, CRAWLER_WEIGHTS)
        anonymous_id = next(next_anonymous)
        moment = WINDOW_START + (LAST_SESSION_START - WINDOW_START) * rng.random()
        hits = min(
            1 + int(rng.paretovariate(0.9)), 25, N_CRAWLER_BOT_EVENTS - len(events)
        )
        for _ in range(hits):
            events.append(
                bot_event(
                    moment,
                    rank,
                    user_agent,
                    anonymous_id=anonymous_id,
                    page_url=SITE + pick(rng, pages, weights),
                    device_type=blank_or(rng, "desktop", 0.4),
                )
            )
            moment += timedelta(seconds=rng.randint(1, 20))
        rank += 1
    api_users = [c for c in customers if c.plan_price and c.lifecycle == "stayer"][:8]
    for index in range(N_API_BOT_EVENTS):
        customer = api_users[index % len(api_users)]
        start, end = customer.active[0]
        events.append(
            bot_event(
                start + (end - start) * rng.random(),
                rank,
                rng.choice(API_USER_AGENTS),
                customer_id=customer.customer_id,
                event_name=rng.choice(("login", "page_view")),
                page_url=SITE + "/docs/api",
            )
        )
    # Headless hits on a churned customer's own device, weeks after they left.
    gone = [
        c
        for c in customers
        if c.lifecycle == "churner"
        and c.active[-1][1] < WINDOW_END - timedelta(days=60)
    ]
    for customer in rng.sample(gone, N_DEVICE_BOT_EVENTS):
        moment = customer.active[-1][1] + timedelta(days=rng.uniform(35, 55))
        anonymous_id = customer.devices[0].anonymous_id
        events.append(
            bot_event(moment, rank, HEADLESS_USER_AGENT, anonymous_id=anonymous_id)
        )
    return events


def respell_some_events(rng: random.Random, events: list[Event]) -> None:
    regular = [e for e in events if not e.is_special]
    for event in rng.sample(regular, N_ODD_EVENT_NAMES):
        event.spelled_name = rng.choice(ODD_EVENT_NAMES[event.event_name])
    for event in rng.sample(regular, N_GARBAGE_DEVICE_TYPES):
        event.device_type = rng.choice(GARBAGE_DEVICE_TYPES)


def build_world(seed: int) -> World:
    rng = random.Random(f"{seed}:world")
    next_anonymous = id_sequence("A", 5, FIRST_FREE_ANONYMOUS_NUMBER)
    customers = make_customers(rng, next_anonymous)
    reserved = sorted(
        {datetime.fromisoformat(e[0]).replace(tzinfo=UTC) for e in SHARED_DEVICE_EVENTS}
    )
    for customer in customers:
        if customer.customer_id in SHARED_DEVICE_CUSTOMERS:
            customer.reserved = reserved
    events: list[Event] = []
    writer = SessionWriter(rng, events)
    eligible = [
        rank
        for rank, c in enumerate(customers)
        if c.signed_up_at >= WINDOW_START + timedelta(days=14)
        and c.customer_id not in SHARED_DEVICE_CUSTOMERS
    ]
    browses_first = set(rng.sample(eligible, N_LATE_SIGN_INS))
    for rank, customer in enumerate(customers):
        customer_sessions(rng, writer, customer, rank, rank in browses_first)
    rank = len(customers)
    for _ in range(N_VISITORS):
        visitor_sessions(rng, writer, new_device(rng, next(next_anonymous)), rank)
        rank += 1
    events += edge_case_events(rank)
    rank += len(EDGE_CASE_SESSIONS) + 1
    events += bot_events(rng, customers, next_anonymous, rank)
    respell_some_events(rng, events)
    # Stable sort: events of one user at the same instant keep their session order.
    events.sort(key=lambda e: (e.occurred_at, e.user_rank))
    for number, event in enumerate(events, start=1):
        event.event_id = f"E{number:06d}"
    return World(customers, events)


# --------------------------------------------------------------------------- sources


def customers_rows(rng: random.Random, world: World) -> list[Row]:
    rows = [
        {
            "customer_id": c.customer_id,
            "email": f"{c.customer_id.lower()}@mail.example",
            "signed_up_at": format_timestamp(rng, c.signed_up_at),
            "country": blank_or(rng, c.country, 0.02),
            "segment": blank_or(
                rng, maybe_respell(rng, c.segment, SEGMENT_SPELLINGS, 0.12), 0.02
            ),
            "acquisition_channel": blank_or(
                rng,
                maybe_respell(rng, c.acquisition_channel, ACQUISITION_SPELLINGS, 0.15),
                0.03,
            ),
        }
        for c in world.customers
    ]
    plant = Planter(
        rng, list(rows), "customer_id", id_sequence("C", 4, N_CUSTOMERS + 1)
    )
    picked = rng.sample(range(len(world.customers)), 5)
    copies = [rows[i] for i in picked]
    later = world.customers[picked[2]].signed_up_at + timedelta(days=1)
    segment = world.customers[picked[3]].segment
    other_segment = SEGMENTS[(SEGMENTS.index(segment) + 1) % len(SEGMENTS)]
    dirty = [dict(copies[0]), dict(copies[1])]
    dirty.append(clone(copies[2], signed_up_at=utc_z(later)))
    dirty.append(clone(copies[3], segment=other_segment))
    dirty.append(clone(copies[4], signed_up_at=""))
    dirty += [plant(customer_id="", email="") for _ in range(2)]
    dirty += [plant(signed_up_at=text) for text in UNPARSEABLE_TIMESTAMPS]
    dirty += [
        plant(signed_up_at=TOO_OLD_TIMESTAMP),
        plant(signed_up_at=FAR_FUTURE_TIMESTAMP),
    ]
    for row in dirty:
        if row["customer_id"]:
            row["email"] = f"{row['customer_id'].lower()}@mail.example"
    rows += dirty
    rows.sort(key=lambda row: (row["customer_id"] == "", row["customer_id"]))
    return rows


def event_row(rng: random.Random, event: Event) -> Row:
    if event.is_special:
        occurred_at = utc_z(event.occurred_at)
    else:
        occurred_at = format_timestamp(rng, event.occurred_at)
    return {
        "event_id": event.event_id,
        "anonymous_id": event.anonymous_id,
        "customer_id": event.customer_id,
        "event_name": event.spelled_name or event.event_name,
        "occurred_at": occurred_at,
        "page_url": event.page_url,
        "referrer_url": event.referrer_url,
        "utm_source": event.utm_source,
        "utm_medium": event.utm_medium,
        "utm_campaign": event.utm_campaign,
        "device_type": event.device_type,
        "user_agent": event.user_agent,
    }


def events_rows(rng: random.Random, world: World) -> list[Row]:
    rows = [event_row(rng, event) for event in world.events]
    moments = {event.event_id: event.occurred_at for event in world.events}
    cutoff = WINDOW_END - timedelta(days=1)
    templates = [
        row
        for row, event in zip(rows, world.events, strict=True)
        if not event.is_special and event.occurred_at < cutoff
    ]
    plant = Planter(rng, templates, "event_id", id_sequence("E", 6, len(rows) + 1))
    # Later events of a session: their referrer is the previous page on the site.
    later_in_session = [
        row for row in templates if row["referrer_url"].startswith(SITE)
    ]
    copies = sample_rows(rng, later_in_session, 8)
    dirty = [dict(row) for row in copies[:3]]
    for row in copies[3:5]:
        later = moments[row["event_id"]] + timedelta(minutes=7)
        dirty.append(clone(row, occurred_at=utc_z(later)))
    dirty.append(clone(copies[5], referrer_url=""))
    dirty += [plant(event_id="") for _ in range(2)]
    dirty += [plant(event_name="") for _ in range(3)]
    dirty += [plant(occurred_at="") for _ in range(2)]
    dirty += [plant(anonymous_id="", customer_id="") for _ in range(3)]
    dirty += [plant(occurred_at=text) for text in UNPARSEABLE_TIMESTAMPS]
    dirty += [plant(occurred_at=TOO_OLD_TIMESTAMP) for _ in range(2)]
    dirty += [plant(occurred_at=FAR_FUTURE_TIMESTAMP) for _ in range(2)]
    # Invalid rows that repeat the key of a valid event (the valid one stays).
    dirty.append(clone(copies[6], occurred_at="2025-02-30T10:00:00Z"))
    dirty.append(clone(copies[7], occurred_at=FAR_FUTURE_TIMESTAMP))
    rows += dirty
    rng.shuffle(rows)
    return rows


def order_status(rng: random.Random, weights: Sequence[float]) -> str:
    status = pick(rng, ORDER_STATUSES, weights)
    return maybe_respell(rng, status, ORDER_STATUS_SPELLINGS, 0.08)


def orders_rows(rng: random.Random, world: World) -> list[Row]:
    # (ordered_at, customer_id, status, amount): one per purchase event, then renewals
    orders: list[tuple[datetime, str, str, str]] = []
    for event in world.events:
        if event.event_name == "purchase" and event.customer_id:
            status = order_status(rng, (88, 7, 5))
            price = rng.choice(PRODUCT_PRICES)
            orders.append((event.occurred_at, event.customer_id, status, price))
    for customer in world.customers:
        if not customer.plan_price:
            continue
        # Billed monthly at night on day 2-28, so that every calendar month-end
        # falls within 30 days of a renewal while the customer stays.
        subscribed = customer.active[0][0] + timedelta(days=rng.randint(1, 20))
        first_bill = datetime(
            subscribed.year,
            subscribed.month,
            min(max(subscribed.day, 2), 28),
            rng.randint(1, 4),
            rng.randrange(60),
            tzinfo=UTC,
        )
        for months in range(24):
            moment = add_months(first_bill, months) + timedelta(
                seconds=rng.randrange(60)
            )
            if moment > WINDOW_END:
                break
            if any(start <= moment <= end for start, end in customer.active):
                status = order_status(rng, (94, 3, 3))
                orders.append(
                    (moment, customer.customer_id, status, customer.plan_price)
                )
    orders.sort()
    rows = []
    moments = {}
    for number, (moment, customer_id, status, amount) in enumerate(orders, start=1):
        order_id = f"O{number:05d}"
        moments[order_id] = moment
        rows.append(
            {
                "order_id": order_id,
                "customer_id": customer_id,
                "ordered_at": format_timestamp(rng, with_fraction(rng, moment, 0.05)),
                "status": status,
                "amount": amount,
                "currency": pick(rng, ("USD", "usd", "Usd"), (93, 5, 2)),
            }
        )
    for row in sample_rows(rng, rows, 2):
        row["currency"] = ""
    cutoff = WINDOW_END - timedelta(days=1)
    valid = [
        row for row in rows if row["currency"] and moments[row["order_id"]] < cutoff
    ]
    plant = Planter(rng, valid, "order_id", id_sequence("O", 5, len(rows) + 1))
    copies = sample_rows(rng, [row for row in valid if row["status"] == "completed"], 6)
    dirty = [dict(row) for row in copies[:3]]
    dirty.append(clone(copies[3], status="refunded"))
    for row in copies[4:]:
        later = moments[row["order_id"]] + timedelta(hours=2)
        dirty.append(clone(row, ordered_at=utc_z(later)))
    for column in ("order_id", "customer_id", "ordered_at", "status", "amount"):
        dirty += [plant(**{column: ""}) for _ in range(2)]
    dirty += [plant(ordered_at=text) for text in UNPARSEABLE_TIMESTAMPS]
    dirty += [plant(ordered_at=TOO_OLD_TIMESTAMP) for _ in range(2)]
    dirty += [plant(ordered_at=FAR_FUTURE_TIMESTAMP) for _ in range(2)]
    dirty += [plant(amount=text) for text in ("abc", "abc", "12abc")]
    dirty += [plant(amount=text) for text in ("NaN", "NaN", "Infinity")]
    dirty += [plant(amount=f"-{rng.choice(PRODUCT_PRICES)}") for _ in range(3)]
    dirty += [plant(currency=text) for text in ("EUR", "EUR", "GBP")]
    dirty += [plant(status=text) for text in ("shipped", "on_hold")]
    rows += dirty
    rng.shuffle(rows)
    return rows


def customer_moment(
    rng: random.Random,
    customers: Sequence[Customer],
    weights: Sequence[float],
    max_delay: timedelta,
) -> tuple[str, datetime]:
    """A customer (weighted by activity) and an instant soon after a visit of theirs."""
    customer = pick(rng, customers, weights)
    start = rng.choice(customer.session_starts)
    moment = start + max_delay * rng.random()
    if moment > WINDOW_END:
        moment = start + (WINDOW_END - start) * rng.random()
    return customer.customer_id, moment.replace(microsecond=0)


def comment_for(rng: random.Random, survey_type: str, score: int) -> str:
    if rng.random() < 0.45:
        return ""
    low, high = SURVEY_SCALES[survey_type]
    share = (score - low) / (high - low)
    mood = "positive" if share >= 0.75 else "neutral" if share >= 0.5 else "negative"
    return rng.choice(COMMENTS[mood])


def survey_rows(rng: random.Random, world: World) -> list[Row]:
    customers = [c for c in world.customers if c.session_starts]
    weights = [len(c.session_starts) ** 0.7 for c in customers]
    anonymous = set(rng.sample(range(N_SURVEY_RESPONSES), N_ANONYMOUS_RESPONSES))
    responses = []
    for index in range(N_SURVEY_RESPONSES):
        if index in anonymous:
            customer_id, moment = "", growth_instant(rng, WINDOW_START, WINDOW_END)
        else:
            customer_id, moment = customer_moment(
                rng, customers, weights, timedelta(days=2)
            )
        responses.append((with_fraction(rng, moment, 0.05), customer_id))
    responses.sort()
    rows = []
    moments = {}
    for number, (moment, customer_id) in enumerate(responses, start=1):
        survey_type = pick(rng, SURVEY_TYPES, SURVEY_TYPE_WEIGHTS)
        low, high = SURVEY_SCALES[survey_type]
        score = pick(rng, range(low, high + 1), SURVEY_SCORE_WEIGHTS[survey_type])
        channel = pick(rng, *SURVEY_CHANNELS[survey_type])
        touchpoint = pick(rng, TOUCHPOINTS, TOUCHPOINT_WEIGHTS)
        response_id = f"R{number:05d}"
        moments[response_id] = moment
        rows.append(
            {
                "response_id": response_id,
                "customer_id": customer_id,
                "survey_type": survey_type,
                "score": str(score),
                "channel": blank_or(
                    rng,
                    maybe_respell(rng, channel, CONTACT_CHANNEL_SPELLINGS, 0.12),
                    0.02,
                ),
                "touchpoint": blank_or(
                    rng, maybe_respell(rng, touchpoint, TOUCHPOINT_SPELLINGS, 0.1), 0.04
                ),
                "responded_at": format_timestamp(rng, moment),
                "comment": comment_for(rng, survey_type, score),
            }
        )
    for row in sample_rows(rng, rows, N_ODD_SURVEY_TYPES):
        row["survey_type"] = rng.choice(ODD_SURVEY_TYPES[row["survey_type"]])
    cutoff = WINDOW_END - timedelta(days=1)
    valid = [row for row in rows if moments[row["response_id"]] < cutoff]
    of_type = {
        kind: [row for row in valid if row["survey_type"] == kind]
        for kind in SURVEY_TYPES
    }
    plant = Planter(rng, valid, "response_id", id_sequence("R", 5, len(rows) + 1))

    def scored(survey_type: str, score: str) -> Row:
        return plant(rng.choice(of_type[survey_type]), score=score)

    copies = sample_rows(rng, valid, 6)
    dirty = [dict(row) for row in copies[:3]]
    for row in copies[3:5]:
        later = moments[row["response_id"]] + timedelta(hours=1)
        dirty.append(clone(row, responded_at=utc_z(later)))
    dirty.append(clone(copies[5], comment=(copies[5]["comment"] + " (edited)").strip()))
    for column in ("response_id", "survey_type", "score", "responded_at"):
        dirty += [plant(**{column: ""}) for _ in range(2)]
    dirty += [plant(responded_at=text) for text in UNPARSEABLE_TIMESTAMPS]
    dirty += [plant(responded_at=TOO_OLD_TIMESTAMP) for _ in range(2)]
    dirty += [plant(responded_at=FAR_FUTURE_TIMESTAMP) for _ in range(2)]
    dirty += [plant(score=text) for text in ("five", "n/a", "12abc")]
    dirty += [plant(score=text) for text in ("NaN", "NaN", "Infinity")]
    dirty += [scored("nps", "8.5"), scored("csat", "3.7"), scored("ces", "6.2")]
    dirty += [scored("nps", "11"), scored("nps", "12"), scored("nps", "-1")]
    dirty += [scored("csat", "6"), scored("ces", "8")]
    dirty += [scored("csat", "0") for _ in range(4)]
    dirty += [plant(survey_type=text) for text in ("sus", "sus", "nqs")]
    rows += dirty
    rng.shuffle(rows)
    return rows


def ticket_rows(rng: random.Random, world: World) -> list[Row]:
    customers = [c for c in world.customers if c.session_starts]
    weights = [len(c.session_starts) ** 0.6 for c in customers]
    tickets = []
    for _ in range(N_SUPPORT_TICKETS):
        customer_id, created = customer_moment(
            rng, customers, weights, timedelta(hours=3)
        )
        tickets.append(
            (with_fraction(rng, created, 0.05), blank_or(rng, customer_id, 0.03))
        )
    tickets.sort()
    rows = []
    moments: dict[str, tuple[datetime, datetime | None, datetime | None]] = {}
    for number, (created, customer_id) in enumerate(tickets, start=1):
        replied = solved = None
        if rng.random() >= 0.04:  # else never replied
            minutes = min(1440.0, max(1.0, rng.lognormvariate(math.log(75), 1.1)))
            replied = (created + timedelta(minutes=minutes)).replace(microsecond=0)
            if rng.random() >= 0.08:  # else still open
                hours = min(240.0, max(0.5, rng.lognormvariate(math.log(18), 1.0)))
                solved = (replied + timedelta(hours=hours)).replace(microsecond=0)
        if replied and replied > WINDOW_END:
            replied = solved = None
        if solved and solved > WINDOW_END:
            solved = None
        ticket_id = f"T{number:05d}"
        moments[ticket_id] = (created, replied, solved)
        channel = pick(rng, TICKET_CHANNELS, TICKET_CHANNEL_WEIGHTS)
        rows.append(
            {
                "ticket_id": ticket_id,
                "customer_id": customer_id,
                "channel": maybe_respell(rng, channel, CONTACT_CHANNEL_SPELLINGS, 0.12),
                "created_at": format_timestamp(rng, created),
                "first_replied_at": format_timestamp(rng, replied) if replied else "",
                "solved_at": format_timestamp(rng, solved) if solved else "",
                "status": "solved"
                if solved
                else pick(rng, ("open", "pending"), (60, 40)),
            }
        )
    cutoff = WINDOW_END - timedelta(days=1)
    # Templates: solved tickets (all three timestamps set) well inside the window.
    valid = [row for row in rows if (moments[row["ticket_id"]][2] or cutoff) < cutoff]
    plant = Planter(rng, valid, "ticket_id", id_sequence("T", 5, len(rows) + 1))

    def before_created(template: Row) -> str:
        created = moments[template["ticket_id"]][0]
        return utc_z(
            created.replace(microsecond=0) - timedelta(minutes=rng.randint(5, 600))
        )

    copies = sample_rows(rng, [row for row in valid if row["channel"] == "email"], 4)
    dirty = [dict(row) for row in copies[:2]]
    later = [
        utc_z(moment + timedelta(hours=3))
        for moment in moments[copies[2]["ticket_id"]]
        if moment is not None
    ]
    dirty.append(
        clone(
            copies[2],
            created_at=later[0],
            first_replied_at=later[1],
            solved_at=later[2],
        )
    )
    dirty.append(clone(copies[3], channel="E-mail"))
    dirty += [plant(ticket_id="") for _ in range(2)]
    dirty += [plant(channel="") for _ in range(3)]
    dirty += [plant(created_at="") for _ in range(2)]
    dirty += [plant(created_at=text) for text in UNPARSEABLE_TIMESTAMPS]
    dirty += [plant(first_replied_at=text) for text in ("not a date", "31/12/2024")]
    dirty += [plant(created_at=TOO_OLD_TIMESTAMP) for _ in range(2)]
    dirty += [plant(created_at=FAR_FUTURE_TIMESTAMP) for _ in range(2)]
    for column in ("first_replied_at", "solved_at"):
        for template in sample_rows(rng, valid, 3):
            dirty.append(plant(template, **{column: before_created(template)}))
    rows += dirty
    rng.shuffle(rows)
    return rows


def search_console_key(row: Row) -> tuple[str, ...]:
    """(date, page, query, device, country), the device compared in lower case."""
    return tuple(
        row[column].lower() if column == "device" else row[column]
        for column in SEARCH_CONSOLE_KEY
    )


def search_console_rows(rng: random.Random) -> list[Row]:
    combos = []  # (page, query, device, country, weight, typical position)
    for page, page_weight in SC_PAGES:
        for query in rng.sample(SC_QUERIES, SC_QUERIES_PER_PAGE):
            popularity = rng.lognormvariate(0, 0.8) * page_weight
            position = rng.uniform(1.5, 32.0)
            for device, device_weight in SC_DEVICES:
                for country, country_weight in SC_COUNTRIES:
                    weight = popularity * device_weight * country_weight
                    combos.append(
                        (SITE + page, query, device, country, weight, position)
                    )
    days = window_days()
    scale = N_SEARCH_CONSOLE_ROWS / (
        sum(combo[4] for combo in combos) * sum(day_factor(day) for day in days)
    )
    rows = []
    for day in days:
        for page, query, device, country, weight, typical_position in combos:
            if rng.random() >= min(0.95, weight * scale * day_factor(day)):
                continue
            position = min(40.0, max(1.0, typical_position + rng.gauss(0, 2)))
            impressions = max(
                1, round(rng.lognormvariate(math.log(12), 0.9) * day_factor(day))
            )
            ctr = min(0.6, 0.35 / position**0.9) * rng.uniform(0.6, 1.4)
            rows.append(
                {
                    "date": day.isoformat(),
                    "page": page,
                    "query": query,
                    "device": device.upper() if rng.random() < 0.1 else device,
                    "country": country,
                    "clicks": str(min(impressions, round(impressions * ctr))),
                    "impressions": str(impressions),
                    "position": f"{position:.1f}",
                }
            )
    used = {search_console_key(row) for row in rows}
    valid = [
        row for row in rows if int(row["impressions"]) >= 10 and int(row["clicks"]) >= 1
    ]

    def plant(**changes: str) -> Row:
        """A planted row on a (date, page, query, device, country) no other row has."""
        while True:
            page, query, device, country, *_ = rng.choice(combos)
            key = (rng.choice(days).isoformat(), page, query, device, country)
            if key not in used:
                used.add(key)
                fresh = dict(zip(SEARCH_CONSOLE_KEY, key, strict=True))
                return clone(rng.choice(valid), **{**fresh, **changes})

    copies = sample_rows(rng, valid, 6)
    dirty = [dict(row) for row in copies[:3]]
    for row in copies[3:]:
        impressions = str(int(row["impressions"]) + rng.randint(1, 9))
        dirty.append(
            clone(row, impressions=impressions, clicks=str(int(row["clicks"]) + 1))
        )
    for column in ("date", "clicks", "impressions", "position"):
        dirty += [plant(**{column: ""}) for _ in range(2)]
    dirty += [plant(date=text) for text in UNPARSEABLE_DATES]
    dirty += [plant(date=TOO_OLD_DATE) for _ in range(2)]
    dirty += [plant(date=FAR_FUTURE_DATE) for _ in range(2)]
    dirty += [plant(clicks=text) for text in ("n/a", "n/a", "12abc")]
    dirty += [plant(clicks="NaN"), plant(position="NaN"), plant(impressions="Infinity")]
    dirty += [plant(clicks="3.5") for _ in range(2)]
    dirty += [plant(clicks="-2"), plant(impressions="-15")]
    for _ in range(3):
        row = plant()
        dirty.append(
            clone(row, clicks=str(int(row["impressions"]) + rng.randint(1, 20)))
        )
    dirty += [plant(position=text) for text in ("0.5", "0.5", "0", "0")]
    rows += dirty
    rows.sort(key=search_console_key)
    return rows


def campaign_rows(rng: random.Random) -> list[Row]:
    rows = []
    for campaign in CAMPAIGNS:
        low, high = campaign.daily_impressions
        for day in window_days():
            if not campaign.first_day <= day <= campaign.last_day:
                continue
            impressions = round(rng.uniform(low, high) * day_factor(day))
            channel = maybe_respell(
                rng, campaign.channel, CAMPAIGN_CHANNEL_SPELLINGS, 0.1
            )
            rows.append(
                {
                    "date": day.isoformat(),
                    "channel": channel,
                    "campaign": campaign.name,
                    "impressions": str(impressions),
                    "clicks": str(round(impressions * rng.uniform(*campaign.ctr))),
                }
            )
    valid = list(rows)
    used = {(row["date"], row["campaign"]) for row in rows}  # one channel per campaign
    days = window_days()

    def plant(**changes: str) -> Row:
        """A planted row on a day its campaign has no other row."""
        while True:
            template = rng.choice(valid)
            key = (rng.choice(days).isoformat(), template["campaign"])
            if key not in used:
                used.add(key)
                return clone(template, **{"date": key[0], **changes})

    copies = sample_rows(rng, valid, 5)
    dirty = [dict(row) for row in copies[:3]]
    for row in copies[3:]:
        impressions = str(int(row["impressions"]) + rng.randint(10, 200))
        dirty.append(
            clone(row, impressions=impressions, clicks=str(int(row["clicks"]) + 3))
        )
    for column in ("date", "channel", "impressions", "clicks"):
        dirty += [plant(**{column: ""}) for _ in range(2)]
    dirty += [plant(date=text) for text in UNPARSEABLE_DATES]
    dirty += [plant(date=TOO_OLD_DATE) for _ in range(2)]
    dirty += [plant(date=FAR_FUTURE_DATE) for _ in range(2)]
    dirty += [plant(impressions="n/a"), plant(impressions="n/a"), plant(clicks="12abc")]
    dirty += [
        plant(impressions="NaN"),
        plant(clicks="NaN"),
        plant(impressions="Infinity"),
    ]
    dirty += [plant(clicks="10.5") for _ in range(2)]
    dirty += [plant(impressions=f"-{rng.randint(100, 5000)}") for _ in range(2)]
    for _ in range(3):
        row = plant()
        dirty.append(
            clone(row, clicks=str(int(row["impressions"]) + rng.randint(1, 50)))
        )
    rows += dirty
    rows.sort(key=lambda row: (row["date"], row["campaign"]))
    return rows


def post_counts(rng: random.Random, network: str) -> dict[str, float]:
    reach = rng.lognormvariate(math.log(NETWORK_REACH_MEDIAN[network]), 0.7)
    return {
        "reach": reach,
        "impressions": reach * rng.uniform(1.1, 1.8),
        "likes": reach * rng.uniform(0.01, 0.08),
        "comments": reach * rng.uniform(0.0005, 0.006),
        "shares": reach * rng.uniform(0.001, 0.01),
        "saves": reach * rng.uniform(0.0, 0.02),
        "clicks": reach * rng.uniform(0.002, 0.03),
    }


def social_rows(rng: random.Random) -> list[Row]:
    posts = []
    for _ in range(N_SOCIAL_POSTS):
        moment = growth_instant(rng, WINDOW_START, WINDOW_END - timedelta(days=1))
        posts.append((daytime(rng, moment), pick(rng, NETWORKS, NETWORK_WEIGHTS)))
    posts.sort()
    special = rng.sample(range(N_SOCIAL_POSTS), 5)
    zero_reach, viral = special[:3], special[3:]
    rows = []
    moments = {}
    for index, (moment, network) in enumerate(posts):
        counts = post_counts(rng, network)
        if index in zero_reach:
            counts = dict.fromkeys(counts, 0.0)
        elif index in viral:
            counts = dict(VIRAL_POST_COUNTS)
        row = {name: whole(value) for name, value in counts.items()}
        for name in ("impressions", "likes", "comments", "shares", "clicks"):
            row[name] = blank_or(rng, row[name], 0.03)
        if network == "linkedin":
            row["saves"] = ""  # not reported by the network
        progress = (moment - WINDOW_START) / (WINDOW_END - WINDOW_START)
        first, last = NETWORK_FOLLOWERS[network]
        followers = first + (last - first) * progress + rng.gauss(0, 40)
        post_id = f"P{index + 1:04d}"
        moments[post_id] = moment
        rows.append(
            {
                "post_id": post_id,
                "network": maybe_respell(rng, network, NETWORK_SPELLINGS, 0.12),
                "published_at": format_timestamp(rng, moment),
                **row,
                "followers": whole(followers),
            }
        )
    valid = [row for row in rows if row["reach"] != "0" and row["likes"]]
    plant = Planter(rng, valid, "post_id", id_sequence("P", 4, len(rows) + 1))
    copies = sample_rows(rng, valid, 4)
    dirty = [dict(row) for row in copies[:2]]
    later = moments[copies[2]["post_id"]] + timedelta(hours=1)
    dirty.append(clone(copies[2], published_at=utc_z(later)))
    dirty.append(clone(copies[3], likes=str(int(copies[3]["likes"]) + 7)))
    dirty += [plant(post_id=""), plant(network=""), plant(published_at="")]
    dirty += [plant(published_at=text) for text in ("not a date", "31/12/2024")]
    dirty += [
        plant(published_at=TOO_OLD_TIMESTAMP),
        plant(published_at=FAR_FUTURE_TIMESTAMP),
    ]
    dirty += [plant(reach="n/a"), plant(reach="12abc")]
    dirty += [plant(reach="NaN"), plant(likes="Infinity")]
    dirty += [plant(likes=f"-{rng.randint(1, 40)}") for _ in range(2)]
    rows += dirty
    rng.shuffle(rows)
    return rows


# --------------------------------------------------------------------------- output


def write_csv(path: Path, columns: Sequence[str], rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(columns)
        writer.writerows([row[column] for column in columns] for row in rows)


def generate(seed: int) -> dict[str, list[Row]]:
    world = build_world(seed)

    def stream(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    return {
        "raw_customers": customers_rows(stream("customers"), world),
        "raw_events": events_rows(stream("events"), world),
        "raw_survey_responses": survey_rows(stream("surveys"), world),
        "raw_orders": orders_rows(stream("orders"), world),
        "raw_support_tickets": ticket_rows(stream("tickets"), world),
        "raw_search_console": search_console_rows(stream("search_console")),
        "raw_campaign_performance": campaign_rows(stream("campaigns")),
        "raw_social_posts": social_rows(stream("social")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in generate(args.seed).items():
        write_csv(args.out / f"{name}.csv", COLUMNS[name], rows)
        print(f"{name}.csv: {len(rows)} rows")


if __name__ == "__main__":
    main()
