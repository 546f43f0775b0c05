-- NPS on literal values: the guide's 110 promoters, 50 passives and 40 detractors of
-- 200 = +35; all detractors = -100; no responses = NULL. Categories on the 0-10 scale.

with

cases as (

    select literal_cases.* from (
        values
        (110, 40, 200, 35.0),
        (0, 10, 10, -100.0),
        (0, 0, 0, null)
    ) as literal_cases (promoters, detractors, responses, expected)

),

scores as (

    select literal_scores.* from (
        values
        (10, 'promoter'),
        (9, 'promoter'),
        (8, 'passive'),
        (7, 'passive'),
        (6, 'detractor'),
        (0, 'detractor')
    ) as literal_scores (score, expected_category)

),

wrong_categories as (

    select 'score ' || cast(score as {{ dbt.type_string() }}) as failure
    from scores
    where
        case
            when {{ is_nps_promoter('score') }} then 'promoter'
            when {{ is_nps_passive('score') }} then 'passive'
            when {{ is_nps_detractor('score') }} then 'detractor'
        end <> expected_category

),

computed as (

    select
        promoters,
        detractors,
        responses,
        expected,
        {{ net_promoter_score('promoters', 'detractors', 'responses') }} as actual
    from cases

),

wrong_values as (

    select 'responses ' || cast(responses as {{ dbt.type_string() }}) as failure
    from computed
    where
        not (
            (actual is null and expected is null)
            or abs(actual - expected) < 1e-9
        )

)

select failure from wrong_categories
union all
select failure from wrong_values
