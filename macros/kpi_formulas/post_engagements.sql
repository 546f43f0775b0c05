{#- Engagements of a social post (SPEC §5): likes + comments + shares + saves + clicks,
    each missing count already read as 0 in staging. Per-post engagement rate =
    engagements / reach (safe_ratio: NULL for a post with reach 0). Guide example: a post
    reaching 5,000 people with 150 engagements has a rate of 3.0%. -#}
{% macro post_engagements(likes, comments, shares, saves, clicks) -%}
    ({{ likes }} + {{ comments }} + {{ shares }} + {{ saves }} + {{ clicks }})
{%- endmacro %}
