-- Each fact has exactly one breakdown value (a response one channel or touchpoint, a
-- ticket one channel, a post one network), so the additive components of the breakdown
-- rows of a period sum to the overall row's in kpi_csat_by_channel,
-- kpi_customer_effort_score, kpi_average_resolution_time and kpi_social_engagement.

{%- set marts = [
    ('kpi_csat_by_channel', 'channel',
        ['responses', 'satisfied_responses', 'total_score']),
    ('kpi_customer_effort_score', 'touchpoint',
        ['responses', 'total_score', 'agree_responses']),
    ('kpi_average_resolution_time', 'channel', ['solved_tickets']),
    ('kpi_social_engagement', 'network',
        ['posts', 'reach', 'engagements', 'rated_posts', 'rated_reach',
         'rated_engagements']),
] %}

with

{% for mart, breakdown, columns in marts -%}
    {{ mart }}_mismatches as (

        select
            '{{ mart }}' as mart,
            overall.period_grain,
            overall.period_start
        from {{ ref(mart) }} as overall
        left join (
            select
                period_grain,
                period_start,
                {%- for column in columns %}
                    sum({{ column }}) as {{ column }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ ref(mart) }}
            where breakdown = '{{ breakdown }}'
            group by period_grain, period_start
        ) as by_value
            on
                overall.period_grain = by_value.period_grain
                and overall.period_start = by_value.period_start
        where
            overall.breakdown = 'overall'
            and (
                {%- for column in columns %}
                    coalesce(by_value.{{ column }}, 0) <> overall.{{ column }}
                    {{- ' or' if not loop.last }}
                {%- endfor %}
            )

    ),

{% endfor -%}

mismatches as (

    {% for mart, _, _ in marts -%}
        select * from {{ mart }}_mismatches
        {{ 'union all' if not loop.last }}
    {% endfor %}

)

select * from mismatches
