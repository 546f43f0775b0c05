-- is_csat_satisfied and is_ces_agreeing with safe_ratio on the guides' examples
-- (default vars: satisfied >= 4 of 5, agree >= 5 of 7):
-- 20 positive answers of 50 = CSAT 40%; ratings 5/4/3/2/1 given 42/32/10/9/14 times =
-- 74 of 107 satisfied = CSAT 69.2% (mean 3.7383); CES 7, 6, 6, 5, 4, 3, 7, 2, 6, 5 =
-- mean 5.1, 7 of 10 agreeing.

with

answers as (

    select literal_answers.* from (
        values
        ('csat_20_of_50', 5, 10),
        ('csat_20_of_50', 4, 10),
        ('csat_20_of_50', 3, 10),
        ('csat_20_of_50', 2, 10),
        ('csat_20_of_50', 1, 10),
        ('csat_ratings', 5, 42),
        ('csat_ratings', 4, 32),
        ('csat_ratings', 3, 10),
        ('csat_ratings', 2, 9),
        ('csat_ratings', 1, 14),
        ('ces_ten_answers', 7, 2),
        ('ces_ten_answers', 6, 3),
        ('ces_ten_answers', 5, 2),
        ('ces_ten_answers', 4, 1),
        ('ces_ten_answers', 3, 1),
        ('ces_ten_answers', 2, 1)
    ) as literal_answers (example, score, times)

),

expected as (

    select literal_expected.* from (
        values
        ('csat_20_of_50', 50, 20, 0.4, 3.0),
        ('csat_ratings', 107, 74, 0.6915887850467289, 3.7383177570093458),
        ('ces_ten_answers', 10, 7, 0.7, 5.1)
    ) as literal_expected (example, responses, positive, positive_rate, mean_score)

),

computed as (

    select
        example,
        sum(times) as responses,
        sum(
            case
                when
                    example like 'csat%' and {{ is_csat_satisfied('score') }}
                    then times
                when
                    example like 'ces%' and {{ is_ces_agreeing('score') }}
                    then times
                else 0
            end
        ) as positive,
        sum(score * times) as total_score
    from answers
    group by example

)

select
    expected.example,
    computed.positive,
    {{ safe_ratio('computed.positive', 'computed.responses') }} as positive_rate,
    {{ safe_ratio('computed.total_score', 'computed.responses') }} as mean_score
from expected
left join computed
    on expected.example = computed.example
where
    computed.responses is distinct from expected.responses
    or computed.positive is distinct from expected.positive
    or not abs(
        {{ safe_ratio('computed.positive', 'computed.responses') }}
        - expected.positive_rate
    ) < 1e-12
    or not abs(
        {{ safe_ratio('computed.total_score', 'computed.responses') }}
        - expected.mean_score
    ) < 1e-12
