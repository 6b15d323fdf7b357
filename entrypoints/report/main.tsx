import { shiftDate } from '../../components/Dashboard';
import { WeeklyReport } from '../../components/WeeklyReport';
import { weekOf } from '../../lib/analytics/dashboard';
import { downloadText, todayIn } from '../../lib/ui/download';
import { startPage } from '../../lib/ui/page';

void startPage(document.getElementById('root') as HTMLElement, ({ client }) => {
  const params = new URLSearchParams(location.search);
  const today = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone, Date.now());
  return (
    <WeeklyReport
      // The last complete week, unless one is asked for.
      initialWeek={params.get('week') ?? shiftDate(weekOf(today), -7)}
      groupId={params.get('group') ?? undefined}
      load={(query) => client.request('getDashboard', query)}
      onExport={(fileName, csv) => downloadText(fileName, csv, 'text/csv')}
      onPrint={() => window.print()}
    />
  );
});
