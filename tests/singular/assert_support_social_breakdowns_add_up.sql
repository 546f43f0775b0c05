-- Each fact has exactly one breakdown value (a response one channel or touchpoint, a
-- ticket one channel, a post one network), so the additive components of a period's
-- breakdown rows sum to its overall row in kpi_csat_by_channel,
-- kpi_customer_effort_score, kpi_average_resolution_time and kpi_social_engagement.

with

csat as (

    select * from {{ ref('kpi_csat_by_channel') }}

),

ces as (

    select * from {{ ref('kpi_customer_effort_score') }}

),

resolution as (

    select * from {{ ref('kpi_average_resolution_time') }}

),

social as (

    select * from {{ ref('kpi_social_engagement') }}

),

csat_sums as (

    select
        period_grain,
        period_start,
        sum(case when breakdown = 'overall' then responses else -responses end)
            as responses_gap,
        sum(
            case
                when breakdown = 'overall' then satisfied_responses
                else -satisfied_responses
            end
        ) as satisfied_gap,
        sum(case when breakdown = 'overall' then total_score else -total_score end)
            as score_gap
    from csat
    group by period_grain, period_start

),

ces_sums as (

    select
        period_grain,
        period_start,
        sum(case when breakdown = 'overall' then responses else -responses end)
            as responses_gap,
        sum(
            case
                when breakdown = 'overall' then agree_responses
                else -agree_responses
            end
        ) as agree_gap,
        sum(case when breakdown = 'overall' then total_score else -total_score end)
            as score_gap
    from ces
    group by period_grain, period_start

),

resolution_sums as (

    select
        period_grain,
        period_start,
        sum(
            case
                when breakdown = 'overall' then solved_tickets
                else -solved_tickets
            end
        ) as solved_gap
    from resolution
    group by period_grain, period_start

),

social_sums as (

    select
        period_grain,
        period_start,
        sum(case when breakdown = 'overall' then posts else -posts end) as posts_gap,
        sum(case when breakdown = 'overall' then reach else -reach end) as reach_gap,
        sum(case when breakdown = 'overall' then engagements else -engagements end)
            as engagements_gap,
        sum(case when breakdown = 'overall' then rated_posts else -rated_posts end)
            as rated_posts_gap,
        sum(case when breakdown = 'overall' then rated_reach else -rated_reach end)
            as rated_reach_gap,
        sum(
            case
                when breakdown = 'overall' then rated_engagements
                else -rated_engagements
            end
        ) as rated_engagements_gap
    from social
    group by period_grain, period_start

),

mismatches as (

    select
        'kpi_csat_by_channel' as mart,
        period_grain,
        period_start
    from csat_sums
    where responses_gap <> 0 or satisfied_gap <> 0 or score_gap <> 0

    union all

    select
        'kpi_customer_effort_score' as mart,
        period_grain,
        period_start
    from ces_sums
    where responses_gap <> 0 or agree_gap <> 0 or score_gap <> 0

    union all

    select
        'kpi_average_resolution_time' as mart,
        period_grain,
        period_start
    from resolution_sums
    where solved_gap <> 0

    union all

    select
        'kpi_social_engagement' as mart,
        period_grain,
        period_start
    from social_sums
    where
        posts_gap <> 0
        or reach_gap <> 0
        or engagements_gap <> 0
        or rated_posts_gap <> 0
        or rated_reach_gap <> 0
        or rated_engagements_gap <> 0

)

select * from mismatches
