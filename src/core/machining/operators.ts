/**
 * The operators: a crew whose size follows the shift pattern, doing lot changes (set-ups), repairs and preventive
 * maintenance in priority order (repairs, then set-ups, then PM; oldest first). A task waits until someone knows of it
 * (`call` after the level's notice delay) and then for a free operator.
 */
import type { MachiningPlant } from './plant.ts';
import type { OperatorTask } from './types.ts';

export class Operators {
  private busy = 0;
  private readonly tasks: OperatorTask[] = [];

  constructor(private readonly plant: MachiningPlant) {}

  onShift(): number {
    const plant = this.plant;
    const s = plant.model.shifts;
    const shift = Math.floor(plant.sim.now / s.hoursPerShift) % s.operatorsPerShift.length;
    return s.operatorsPerShift[shift]!;
  }

  /** An operator is called after `delay`: how long it takes before someone knows the cell needs them. */
  call(task: OperatorTask, delay: number): void {
    if (delay > 0) this.plant.sim.schedule(delay, this.plant.operatorCall, task);
    else this.request(task);
  }

  request(task: OperatorTask): void {
    this.tasks.push(task);
    this.tasks.sort((a, b) => a.priority - b.priority || a.requested - b.requested);
    this.dispatch();
  }

  /** Whether a task of this kind for this cell waits for an operator. */
  hasTask(kind: OperatorTask['kind'], cell: OperatorTask['cell']): boolean {
    return this.tasks.some((t) => t.kind === kind && t.cell === cell);
  }

  dispatch(): void {
    const plant = this.plant;
    while (this.tasks.length > 0 && this.busy < this.onShift()) {
      const task = this.tasks.shift()!;
      this.busy++;
      const cell = task.cell;
      cell.state = task.kind === 'setup' ? 'setup' : task.kind === 'repair' ? 'down' : 'pm';
      if (task.kind === 'setup') {
        cell.meter.set(plant.sim.now, plant.model.cnc.power.idleKw);
        plant.setups++;
        plant.setupHours += task.hours + (plant.sim.now - task.requested);
      }
      plant.sim.schedule(task.hours, plant.taskEnd, task);
    }
  }

  onTaskEnd(task: OperatorTask): void {
    const plant = this.plant;
    this.busy--;
    if (task.kind !== 'setup' && plant.notable.observed) {
      plant.notable.publish({ time: plant.sim.now, unit: task.cell.index, kind: task.kind === 'repair' ? 'repair' : 'maintenance-done' });
    }
    plant.cnc.taskDone(task);
    this.dispatch();
  }
}
