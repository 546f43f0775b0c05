{#- The configured lower ('min') or upper ('max') bound of a survey's scale, as SQL over
    the survey_type column. -#}
{% macro survey_scale_bound(survey_type_column, bound) -%}
    case {{ survey_type_column }}
        {%- for survey in ['nps', 'csat', 'ces'] %}
        when '{{ survey }}' then {{ var(survey ~ '_scale_' ~ bound) | int }}
        {%- endfor %}
    end
{%- endmacro %}


{#- The score on the direction KPIs read: a CES survey asked as "how much effort"
    (ces_direction = 'effort', higher = harder) is reverse-coded onto the same scale,
    min + max - score, so a higher CES is always easier. -#}
{% macro survey_score_on_scale(score_column, survey_type_column) -%}
    {%- if var('ces_direction') == 'effort' -%}
        case
            when {{ survey_type_column }} = 'ces'
                then {{ var('ces_scale_min') | int }} + {{ var('ces_scale_max') | int }}
                - {{ score_column }}
            else {{ score_column }}
        end
    {%- else -%}
        {{ score_column }}
    {%- endif -%}
{%- endmacro %}
