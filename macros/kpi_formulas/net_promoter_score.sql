{#- NPS in points, -100..100: 100 * (promoters - detractors) / responses; NULL without
    responses. Guide example: 110 promoters, 50 passives, 40 detractors -> +35. -#}
{% macro net_promoter_score(promoters, detractors, responses) -%}
    100 * {{ safe_ratio('(' ~ promoters ~ ' - ' ~ detractors ~ ')', responses) }}
{%- endmacro %}


{#- NPS categories on the 0-10 scale. -#}
{% macro is_nps_promoter(score) -%}
    ({{ score }} >= 9)
{%- endmacro %}

{% macro is_nps_passive(score) -%}
    ({{ score }} between 7 and 8)
{%- endmacro %}

{% macro is_nps_detractor(score) -%}
    ({{ score }} <= 6)
{%- endmacro %}
