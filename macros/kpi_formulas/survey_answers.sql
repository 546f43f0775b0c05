{#- A satisfied CSAT answer: score >= csat_satisfied_threshold (default 4 on 1-5).
    Guide example: 20 positive answers of 50 = CSAT 40%. -#}
{% macro is_csat_satisfied(score) -%}
    ({{ score }} >= {{ var('csat_satisfied_threshold') | float }})
{%- endmacro %}


{#- A CES answer that agrees the task was easy: score >= ces_agree_threshold (default 5
    on the 1-7 CES 2.0 scale), on the score as KPIs read it (reverse-coded for
    ces_direction = 'effort'). -#}
{% macro is_ces_agreeing(score) -%}
    ({{ score }} >= {{ var('ces_agree_threshold') | float }})
{%- endmacro %}
