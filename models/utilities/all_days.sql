{#- Date spine: one row per day from the first day of the month of the earliest data to
    the last day of the month of the later of the latest data and the as-of date. -#}

with

bounds as (

    select
        {{ period_start('month', 'first_data_date') }} as first_day,
        {{ period_end('month', period_start('month',
            'case when last_data_date > as_of_date then last_data_date else as_of_date end'
        )) }} as last_day
    from {{ ref('as_of_date') }}

),

numbers as (

    select n from {{ integer_series(5) }} as series

),

days as (

    select
        cast({{ dbt.dateadd('day', 'numbers.n', 'bounds.first_day') }} as date)
            as date_day
    from bounds
    cross join numbers
    where numbers.n <= {{ dbt.datediff('bounds.first_day', 'bounds.last_day', 'day') }}

)

select date_day from days
