-- count_distinct_where on literal rows: a user with two matching rows counts once, a
-- user without a matching row not at all, and no match at all gives 0 (not NULL).

with

facts as (

    select literal_rows.* from (
        values
        ('g1', 'u1', true),
        ('g1', 'u1', true),
        ('g1', 'u2', false),
        ('g1', 'u3', true),
        ('g2', 'u4', false)
    ) as literal_rows (group_key, user_key, is_match)

),

counted as (

    select
        group_key,
        {{ count_distinct_where('is_match', 'user_key') }} as actual
    from facts
    group by group_key

),

expected as (

    select literal_expected.* from (
        values
        ('g1', 2),
        ('g2', 0)
    ) as literal_expected (group_key, expected_users)

)

select
    expected.group_key,
    expected.expected_users,
    counted.actual
from expected
left join counted
    on expected.group_key = counted.group_key
where counted.actual is null or counted.actual <> expected.expected_users
