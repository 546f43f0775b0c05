-- kpi_ticket_volume_by_channel: in every period with tickets, the channel rows' shares
-- sum to 1 and their tickets, replied and resolved tickets sum to the overall row's.

with

volume as (

    select * from {{ ref('kpi_ticket_volume_by_channel') }}

),

by_channel as (

    select
        period_grain,
        period_start,
        sum(ticket_share) as share_sum,
        sum(tickets) as tickets,
        sum(replied_tickets) as replied_tickets,
        sum(resolved_tickets) as resolved_tickets
    from volume
    where breakdown = 'channel'
    group by period_grain, period_start

),

overall as (

    select
        period_grain,
        period_start,
        tickets,
        replied_tickets,
        resolved_tickets
    from volume
    where breakdown = 'overall'

)

select
    overall.period_grain,
    overall.period_start,
    by_channel.share_sum,
    overall.tickets
from overall
left join by_channel
    on
        overall.period_grain = by_channel.period_grain
        and overall.period_start = by_channel.period_start
where
    (overall.tickets > 0 and abs(by_channel.share_sum - 1) > 1e-9)
    or coalesce(by_channel.tickets, 0) <> overall.tickets
    or coalesce(by_channel.replied_tickets, 0) <> overall.replied_tickets
    or coalesce(by_channel.resolved_tickets, 0) <> overall.resolved_tickets
